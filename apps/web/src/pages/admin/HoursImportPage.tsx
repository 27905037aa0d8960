import { useI18n } from '../../i18n/locale';
import { ImportWizard } from './ImportWizard';

/** 教师档案 → 批量登记学时 (UI.md §5 教师档案, §1.10): the hours of a project's attendees from a sheet. */
export default function HoursImportPage() {
  const { t } = useI18n();
  return (
    <ImportWizard
      kind="hours"
      title={t.imports.hoursTitle}
      crumb={{ title: t.imports.hoursCrumb, to: '/admin/users?role=teacher' }}
      templateHint={t.imports.hoursTemplateHint}
      viewDataPath="/admin/users?role=teacher"
    />
  );
}
