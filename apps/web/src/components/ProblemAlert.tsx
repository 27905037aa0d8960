import { Alert } from 'antd';
import { isApiError } from '../api/problem';
import { useI18n } from '../i18n/locale';
import { isRefusal } from './useCommand';

/**
 * A refusal beside the form that caused it (UI.md §1.6): the API's own message, already in the user's
 * language, and the lines it lists (each unmet requirement, each field the form does not show). A 400
 * whose every error sits under a field shows only the summary.
 */
export function ProblemAlert({ error, style }: { error: unknown; style?: React.CSSProperties }) {
  const { t } = useI18n();
  if (!isRefusal(error) || !isApiError(error)) return null;
  const p = error.problem;
  const lines: string[] = [];
  for (const v of Object.values(p)) {
    if (!Array.isArray(v)) continue;
    for (const item of v) {
      if (item && typeof item === 'object' && 'message' in item && typeof item.message === 'string')
        lines.push(item.message);
    }
  }
  const title =
    error.status === 403 && !p.code
      ? t.errors.forbiddenAction
      : error.status === 400 && lines.length
        ? t.errors.formSummary(lines.length)
        : p.detail || p.title;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16, ...style }}
      title={title}
      description={
        lines.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {lines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
