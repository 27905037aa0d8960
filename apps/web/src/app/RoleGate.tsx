import { Alert, Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Role } from '../api/types';
import { useI18n } from '../i18n/locale';
import { useSession } from './session';

/**
 * A page opened in the wrong role (UI.md §1.2): if the user holds a role the page needs, offer to
 * switch to it; if they hold none, the 403 page. The API checks again on every request.
 */
export function RoleGate({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { me, role, switchRole } = useSession();
  const { t } = useI18n();
  if (!me || !role) return null;
  if (roles.includes(role)) return <>{children}</>;
  const held = roles.find((r) => me.roles.includes(r));
  if (held)
    return (
      <Alert
        type="info"
        showIcon
        title={t.errors.needsRole(t.roles[held])}
        action={
          <Button type="primary" onClick={() => switchRole(held)}>
            {t.errors.switchTo}
          </Button>
        }
      />
    );
  return (
    <Result
      status="403"
      title="403"
      subTitle={t.errors.forbiddenPage}
      extra={
        <Link to="/">
          <Button type="primary">{t.errors.goHome}</Button>
        </Link>
      }
    />
  );
}
