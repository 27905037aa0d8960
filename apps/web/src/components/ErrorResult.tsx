import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { isApiError } from '../api/problem';
import { useI18n } from '../i18n/locale';

/**
 * What a page shows when its data could not be loaded (UI.md §1.8): 403 and 404 in the office's words,
 * anything else as "service unavailable" with the correlation id to quote, and a retry. Never raw JSON.
 */
export function ErrorResult({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const status = isApiError(error) ? error.status : 0;
  if (status === 403)
    return (
      <Result
        status="403"
        title="403"
        subTitle={isApiError(error) && error.code ? error.problem.detail : t.errors.forbiddenPage}
        extra={
          <Link to="/">
            <Button type="primary">{t.errors.goHome}</Button>
          </Link>
        }
      />
    );
  if (status === 404)
    return (
      <Result
        status="404"
        title="404"
        subTitle={t.errors.notFound}
        extra={
          <Link to="/">
            <Button type="primary">{t.errors.goHome}</Button>
          </Link>
        }
      />
    );
  const ref = isApiError(error) ? (error.problem.correlationId ?? '—') : '—';
  return (
    <Result
      status={status === 0 ? 'warning' : '500'}
      title={status === 0 ? t.errors.network : t.errors.unavailable(ref)}
      extra={onRetry ? <Button onClick={onRetry}>{t.common.retry}</Button> : undefined}
    />
  );
}
