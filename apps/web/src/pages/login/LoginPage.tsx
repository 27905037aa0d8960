import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, Input, Segmented, type InputRef } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { isApiError } from '../../api/problem';
import { LANDING } from '../../app/pages';
import { useSession } from '../../app/session';
import { LOCALES, useI18n } from '../../i18n/locale';

/** GET /api/app-info, the one fact of it this page shows. */
export interface AppInfo {
  demo: boolean;
}
export const APP_INFO_KEY = ['app-info'];

/** Only a path of this app may be a `next` target: never another origin (an open redirect). */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

/**
 * 登录 (UI.md §1.2): one message for a wrong user or password (the API does not say which); after too
 * many failures the button waits out Retry-After with a countdown. A session that expired elsewhere
 * lands here with `next`, and signing in returns to that page.
 */
export default function LoginPage() {
  const { t, locale, setLocale } = useI18n();
  const { me, role, signIn, expired } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [waitUntil, setWaitUntil] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  const [form] = Form.useForm<{ username: string; password: string }>();
  const usernameBox = useRef<InputRef>(null);
  const passwordBox = useRef<InputRef>(null);
  // The page may have been drawn from the HTML before its scripts ran (main.tsx hydrates it). Until they
  // have, 「登录」 is disabled: the browser would otherwise submit the bare HTML form itself, reloading the
  // page and losing what was typed. Enabled as this first render commits, before any frame shows it.
  const [live, setLive] = useState(false);
  // What the visitor typed, or the browser filled in, before the scripts ran is in the boxes but not in
  // the form's store, and the first re-render would blank it: adopted while hydration commits.
  useLayoutEffect(() => {
    setLive(true);
    const typed = {
      username: usernameBox.current?.input?.value ?? '',
      password: passwordBox.current?.input?.value ?? '',
    };
    const kept = Object.fromEntries(Object.entries(typed).filter(([, value]) => value !== ''));
    if (Object.keys(kept).length > 0) form.setFieldsValue(kept);
  }, [form]);
  const info = useQuery({
    queryKey: APP_INFO_KEY,
    queryFn: async () => (await unwrap(api.GET('/api/app-info' as never, {} as never))) as AppInfo,
    staleTime: Infinity,
  });

  useEffect(() => {
    if (!waitUntil) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);
  const waiting = waitUntil !== null && waitUntil > now ? Math.ceil((waitUntil - now) / 1000) : 0;

  if (me && role && !busy) return <Navigate to={next ?? LANDING[role]} replace />;

  const onFinish = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(values.username.trim(), values.password);
      navigate(next ?? '/', { replace: true });
    } catch (err) {
      if (isApiError(err) && err.status === 429) {
        const seconds = err.retryAfterSeconds ?? 60;
        setWaitUntil(Date.now() + seconds * 1000);
        setNow(Date.now());
        setError(t.login.throttled(Math.max(1, Math.ceil(seconds / 60))));
      } else if (isApiError(err) && err.status === 401) {
        setError(t.login.wrong);
      } else if (isApiError(err) && err.status === 400) {
        setError(err.problem.detail);
      } else {
        setError(
          isApiError(err) && err.status > 0
            ? t.errors.unavailable(err.problem.correlationId ?? '—')
            : t.errors.network,
        );
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-page">
      <Flex justify="flex-end" style={{ width: '100%', maxWidth: 400 }}>
        <Segmented
          data-testid="language"
          size="small"
          value={locale}
          options={LOCALES.map((l) => ({ value: l, label: t.language[l] }))}
          onChange={(v) => setLocale(v as typeof locale)}
        />
      </Flex>
      {/* A plain box drawn like antd's Card (styles.css): Card brings Tabs, Dropdown and Menu with it,
          ~100 KB of the sign-in page's JavaScript for a border. */}
      <section className="login-card">
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <img src="/favicon.svg" alt="" width={48} height={48} />
          <h1 className="login-title">{t.login.subtitle}</h1>
          <span className="login-muted">{t.login.title}</span>
        </Flex>
        {params.get('passwordChanged') ? (
          <Alert type="success" showIcon title={t.password.changed} style={{ marginBottom: 16 }} />
        ) : null}
        {expired || params.get('expired') ? (
          <Alert type="warning" showIcon title={t.login.expired} style={{ marginBottom: 16 }} />
        ) : null}
        {error ? (
          <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />
        ) : null}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={busy}>
          <Form.Item
            name="username"
            label={t.login.username}
            rules={[{ required: true, whitespace: true, message: t.login.usernameRequired }]}
          >
            <Input
              ref={usernameBox}
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              size="large"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t.login.password}
            rules={[{ required: true, message: t.login.passwordRequired }]}
          >
            <Input.Password
              ref={passwordBox}
              prefix={<LockOutlined />}
              autoComplete="current-password"
              size="large"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={busy}
            disabled={waiting > 0 || !live}
          >
            {waiting > 0 ? t.login.waitSeconds(waiting) : t.login.submit}
          </Button>
        </Form>
        {info.data?.demo ? (
          <p className="login-muted" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
            {t.login.demoHint}
          </p>
        ) : null}
      </section>
      <span className="login-muted" style={{ marginTop: 24 }}>
        {t.login.footer}
      </span>
    </main>
  );
}
