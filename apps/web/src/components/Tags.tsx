import { Tag, Tooltip } from 'antd';
import { daysUntil } from '../i18n/format';
import { label, useI18n } from '../i18n/locale';

type Colour = 'success' | 'processing' | 'warning' | 'error' | 'default';

/** UI.md §1.4: the colour of each status; the text is always inside the tag, never colour alone. */
const STAGE_COLOUR: Record<string, Colour> = {
  draft: 'default',
  submitted: 'processing',
  in_review: 'processing',
  changes_requested: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
  running: 'processing',
  retired: 'default',
  renewable: 'success',
};

export function StageTag({ stage }: { stage: string | null | undefined }) {
  const { t } = useI18n();
  if (!stage) return null;
  return <Tag color={STAGE_COLOUR[stage] ?? 'default'}>{label(t.stages, stage)}</Tag>;
}

const GRADE_COLOUR: Record<string, Colour> = {
  excellent: 'success',
  good: 'processing',
  qualified: 'default',
  unqualified: 'error',
};

export function GradeTag({ grade }: { grade: string | null | undefined }) {
  const { t } = useI18n();
  if (!grade) return null;
  return <Tag color={GRADE_COLOUR[grade] ?? 'default'}>{label(t.grades, grade)}</Tag>;
}

export function KindTag({ kind }: { kind: string | null | undefined }) {
  const { t } = useI18n();
  if (!kind) return null;
  // Kind names run long in English ("School development plan"): let the tag wrap inside a narrow card
  // instead of running past its edge.
  return (
    <Tag variant="filled" style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
      {label(t.kinds, kind)}
    </Tag>
  );
}

export function TierTag({ tier }: { tier: string | null | undefined }) {
  const { t } = useI18n();
  if (!tier) return null;
  return <Tag color="blue">{label(t.tiers, tier)}</Tag>;
}

/**
 * A deadline (UI.md §1.3): the absolute Beijing time and a relative tag — 「剩 2 天」 (orange within 3
 * days), 「已逾期 3 天」 (red). `done` steps show only the time.
 */
export function Deadline({
  at,
  done,
  soonDays = 3,
}: {
  at: string | null | undefined;
  done?: boolean;
  soonDays?: number;
}) {
  const { t, fmt } = useI18n();
  if (!at) return <>{t.common.none}</>;
  const text = fmt.due(at);
  if (done) return <span>{text}</span>;
  const ms = new Date(at).getTime() - Date.now();
  const days = daysUntil(at);
  let tag;
  if (ms < 0) tag = <Tag color="error">{t.deadline.overdueDays(Math.max(1, -days))}</Tag>;
  else if (ms < 86_400_000)
    tag = <Tag color="warning">{t.deadline.hoursLeft(Math.max(1, Math.ceil(ms / 3_600_000)))}</Tag>;
  else tag = <Tag color={days <= soonDays ? 'warning' : 'default'}>{t.deadline.daysLeft(days)}</Tag>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Tooltip title={t.common.beijingTime}>{text}</Tooltip> {tag}
    </span>
  );
}
