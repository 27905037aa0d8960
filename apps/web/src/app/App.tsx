import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { Skeleton } from 'antd';
import { lazy, Suspense, useEffect, useMemo, type ComponentType } from 'react';
import {
  createBrowserRouter,
  Navigate,
  Outlet,
  RouterProvider,
  type RouteObject,
  useLocation,
  useNavigate,
} from 'react-router';
import { isApiError } from '../api/problem';
import { LocaleProvider } from '../i18n/locale';
import LoginPage from '../pages/login/LoginPage';
import { LANDING, PAGES } from './pages';
import { SessionProvider, useSession } from './session';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refusal will not change on retry; a network blip or a 503 may.
      retry: (count, err) => count < 2 && (!isApiError(err) || err.status === 0 || err.status >= 500),
    },
  },
});

/** The signed-in part: without a session, go to sign-in and come back to this very URL afterwards. */
function RequireSession() {
  const { me, loading, expired } = useSession();
  const location = useLocation();
  if (loading) return <Skeleton active style={{ padding: 24 }} />;
  if (!me) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}${expired ? '&expired=1' : ''}`} replace />;
  }
  return (
    <Suspense fallback={<Skeleton active style={{ padding: 24 }} />}>
      <AppLayout />
    </Suspense>
  );
}

// The signed-in shell (menu, header, every role's pages) loads after sign-in, so the sign-in page
// carries only what it shows.
const AppLayout = lazy(() => import('./AppLayout').then((m) => ({ default: m.AppLayout })));
// Only signed-in pages show these, and their Result illustrations (~40 KB) are not the sign-in page's.
const RoleGate = lazy(() => import('./RoleGate').then((m) => ({ default: m.RoleGate })));
const NotFoundPage = lazy(() => import('../pages/common/NotFoundPage'));

function Landing() {
  const { role } = useSession();
  return <Navigate to={role ? LANDING[role] : '/login'} replace />;
}

/** A 401 while on a page (the session ended or expired) returns to sign-in with the page to come back to. */
function ExpiryWatcher() {
  const { me, expired } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  useEffect(() => {
    if (expired && !me && location.pathname !== '/login') {
      const next = encodeURIComponent(location.pathname + location.search);
      navigate(`/login?next=${next}&expired=1`, { replace: true });
    }
  }, [expired, me, location, navigate]);
  return <Outlet />;
}

type CreateRouter = (routes: RouteObject[]) => ReturnType<typeof createBrowserRouter>;

function lazyPage(load: () => Promise<{ default: ComponentType }>): ComponentType {
  return lazy(load);
}

/**
 * The router is the browser's, except when the sign-in page is rendered to HTML at build time
 * (src/prerender.tsx): that renders this very tree at `/login` in memory, so the browser can hydrate it.
 */
export function App({ createRouter = createBrowserRouter }: { createRouter?: CreateRouter } = {}) {
  const router = useMemo(
    () =>
      createRouter([
        {
          element: <ExpiryWatcher />,
          children: [
            { path: '/login', element: <LoginPage /> },
            {
              path: '/',
              element: <RequireSession />,
              children: [
                { index: true, element: <Landing /> },
                ...PAGES.map((p) => {
                  const Page = lazyPage(p.load);
                  return {
                    path: p.path,
                    element: (
                      <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                        <RoleGate roles={p.roles}>
                          <Page />
                        </RoleGate>
                      </Suspense>
                    ),
                  };
                }),
                {
                  path: '*',
                  element: (
                    <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                      <NotFoundPage />
                    </Suspense>
                  ),
                },
              ],
            },
          ],
        },
      ]),
    [createRouter],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </LocaleProvider>
    </QueryClientProvider>
  );
}
