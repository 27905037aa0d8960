import { useI18n } from '../../i18n/locale';
import { ImportWizard } from './ImportWizard';

/** 用户管理 → 「导入」 (UI.md §5 用户管理, §1.10): teachers from the office's spreadsheet. */
export default function UserImportPage() {
  const { t } = useI18n();
  return (
    <ImportWizard
      kind="users"
      title={t.imports.usersTitle}
      crumb={{ title: t.imports.usersCrumb, to: '/admin/users' }}
      templateHint={t.imports.templateHint}
      resultNote={t.imports.usersPasswordHint}
      viewDataPath="/admin/users"
    />
  );
}
