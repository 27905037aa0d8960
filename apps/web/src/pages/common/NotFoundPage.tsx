import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/locale';

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t.errors.pageNotFound}
      extra={
        <Link to="/">
          <Button type="primary">{t.errors.goHome}</Button>
        </Link>
      }
    />
  );
}
