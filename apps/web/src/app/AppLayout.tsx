import {
  BellOutlined,
  DownOutlined,
  GlobalOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  SwapOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  App as AntApp,
  Avatar,
  Badge,
  Button,
  Drawer,
  Dropdown,
  Flex,
  Grid,
  Layout,
  Menu,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api/client';
import type { Role } from '../api/types';
import { LOCALES, useI18n } from '../i18n/locale';
import { ChangePasswordModal } from './header/ChangePasswordModal';
import { MENU_ICONS } from './menu-icons';
import { LANDING, PAGES } from './pages';
import { useSession } from './session';

const SIDER_WIDTH = 208;

/** The unread count in the header (UI.md §1.1): polled every 60 s and whenever the window regains focus. */
function useUnreadCount() {
  return useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: async () =>
      (await unwrap(api.GET('/api/notifications/unread-count' as never, {} as never))) as { unread: number },
    refetchInterval: 60_000,
    refetchOnWindowFocus: true,
  });
}

function Logo({ collapsed }: { collapsed?: boolean }) {
  const { t } = useI18n();
  return (
    <Link to="/" className="app-logo" aria-label={t.app.name}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {collapsed ? null : <span>{t.app.shortName}</span>}
    </Link>
  );
}

/**
 * A table wider than its place scrolls sideways; a keyboard user reaches the hidden columns only if the
 * scrolling box itself takes focus (WCAG 2.1.1). antd draws that box without a tabindex, so every one
 * that appears is given one.
 */
function useFocusableScrollRegions(): void {
  useEffect(() => {
    const mark = () => {
      for (const el of document.querySelectorAll<HTMLElement>('.ant-table-content:not([tabindex])')) {
        el.tabIndex = 0;
      }
    };
    mark();
    const observer = new MutationObserver(mark);
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
}

export function AppLayout() {
  useFocusableScrollRegions();
  const { me, role, switchRole, signOut, changeLocale } = useSession();
  const { t, locale } = useI18n();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const unread = useUnreadCount();
  const [passwordOpen, setPasswordOpen] = useState(false);

  const menuItems = useMemo(
    () =>
      PAGES.filter((p) => p.menu && role && p.menu.roles.includes(role))
        .sort((a, b) => a.menu!.order - b.menu!.order)
        .map((p) => ({
          key: p.path,
          icon: MENU_ICONS[p.menu!.icon],
          label: <Link to={p.path}>{p.title(t)}</Link>,
        })),
    [role, t],
  );
  const selected = menuItems
    .map((i) => i.key)
    .filter((k) => location.pathname === k || location.pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);

  if (!me || !role) return null;

  const menu = (
    <Menu
      mode="inline"
      theme="light"
      selectedKeys={selected}
      items={menuItems}
      onClick={() => setDrawer(false)}
      style={{ borderInlineEnd: 'none' }}
    />
  );

  const onSwitch = (next: Role) => {
    switchRole(next);
    navigate(LANDING[next]);
  };

  // AntApp gives the pages message, modal and notification with the theme and locale; only signed-in
  // pages use them, so the sign-in page does not carry them.
  return (
    <AntApp>
      <Layout style={{ minHeight: '100vh' }}>
        {phone ? (
          <Drawer
            placement="left"
            open={drawer}
            onClose={() => setDrawer(false)}
            size={SIDER_WIDTH + 32}
            title={<Logo />}
            styles={{ body: { padding: 0 } }}
          >
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider
            width={SIDER_WIDTH}
            collapsed={collapsed}
            collapsible
            trigger={null}
            theme="light"
            style={{ borderInlineEnd: '1px solid rgba(5,5,5,0.06)' }}
          >
            <Logo collapsed={collapsed} />
            {menu}
          </Layout.Sider>
        )}
        <Layout>
          <Layout.Header className="app-header">
            <Flex align="center" gap={8} style={{ minWidth: 0, flex: 1 }}>
              <Button
                type="text"
                aria-label={phone ? t.header.openMenu : collapsed ? t.header.expand : t.header.collapse}
                icon={phone ? <MenuOutlined /> : collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                onClick={() => (phone ? setDrawer(true) : setCollapsed(!collapsed))}
              />
              {phone ? null : (
                <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
                  {t.app.name}
                  {me.orgUnitName ? (
                    <Typography.Text type="secondary"> · {me.orgUnitName}</Typography.Text>
                  ) : null}
                </Typography.Text>
              )}
            </Flex>
            <Flex align="center" gap={phone ? 4 : 12}>
              <Link to="/notifications" aria-label={`${t.header.messages} ${unread.data?.unread ?? 0}`}>
                <Badge count={unread.data?.unread ?? 0} size="small" overflowCount={99}>
                  <Button type="text" icon={<BellOutlined />} tabIndex={-1} />
                </Badge>
              </Link>
              {me.roles.length > 1 ? (
                <Dropdown
                  trigger={['click']}
                  menu={{
                    selectable: true,
                    selectedKeys: [role],
                    items: me.roles.map((r) => ({ key: r, label: t.roles[r] })),
                    onClick: ({ key }) => onSwitch(key as Role),
                  }}
                >
                  <Button type="text" icon={<SwapOutlined />} data-testid="role-switcher">
                    {phone ? t.roles[role] : t.header.actingAs(t.roles[role])} <DownOutlined />
                  </Button>
                </Dropdown>
              ) : (
                <Tag>{t.roles[role]}</Tag>
              )}
              <Dropdown
                trigger={['click']}
                menu={{
                  selectable: true,
                  selectedKeys: [locale],
                  items: LOCALES.map((l) => ({ key: l, label: t.language[l] })),
                  onClick: ({ key }) => void changeLocale(key as typeof locale),
                }}
              >
                <Button
                  type="text"
                  icon={<GlobalOutlined />}
                  aria-label={t.header.language}
                  data-testid="language"
                >
                  {phone ? null : t.language[locale]}
                </Button>
              </Dropdown>
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    { key: 'name', label: me.displayName, disabled: true, icon: <UserOutlined /> },
                    { type: 'divider' },
                    { key: 'password', label: t.header.changePassword, icon: <KeyOutlined /> },
                    { key: 'signout', label: t.header.signOut, icon: <LogoutOutlined />, danger: true },
                  ],
                  onClick: ({ key }) => {
                    if (key === 'password') setPasswordOpen(true);
                    if (key === 'signout') void signOut().then(() => navigate('/login'));
                  },
                }}
              >
                <Button type="text" data-testid="account" aria-label={me.displayName}>
                  <Avatar size="small" icon={<UserOutlined />} />
                  {phone ? null : <span>{me.displayName}</span>}
                </Button>
              </Dropdown>
            </Flex>
          </Layout.Header>
          <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
          <Layout.Content className="app-content">
            <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
              <Outlet />
            </Suspense>
          </Layout.Content>
        </Layout>
      </Layout>
    </AntApp>
  );
}
