import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onUnauthorized, resetClientState, setActingRole, unwrap } from '../api/client';
import { isApiError } from '../api/problem';
import { ROLE_ORDER, type Me, type Role } from '../api/types';
import { isLocale, useI18n, type Locale } from '../i18n/locale';

/**
 * Who is signed in and which of their roles they act in (UI.md §1.2). The session itself is the
 * API's httpOnly cookie; this only mirrors `GET /api/auth/me`. The acting role is sent as X-Act-As on
 * every request and remembered per user in this browser (a preference, not a credential).
 */
interface SessionContext {
  me: Me | null;
  loading: boolean;
  role: Role | null;
  /** Set when a request answered 401 after the user had been signed in. */
  expired: boolean;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  switchRole(role: Role): void;
  changeLocale(locale: Locale): Promise<void>;
}

const Ctx = createContext<SessionContext | null>(null);
const roleKey = (userId: string) => `tdw.role.${userId}`;

function rememberedRole(me: Me): Role {
  const kept = globalThis.localStorage?.getItem(roleKey(me.id));
  if (kept && me.roles.includes(kept as Role)) return kept as Role;
  return ROLE_ORDER.find((r) => me.roles.includes(r)) ?? me.roles[0]!;
}

/**
 * The API sets the readable `tdw_csrf` cookie together with the httpOnly session cookie: without it there
 * is no session to ask about, and the sign-in page opens without a request the browser would log as a
 * failed (401) load.
 */
const mayHaveSession = () => document.cookie.split(';').some((c) => c.trim().startsWith('tdw_csrf='));

async function fetchMe(): Promise<Me | null> {
  if (!mayHaveSession()) return null;
  try {
    return (await unwrap(api.GET('/api/auth/me' as never, {} as never))) as Me;
  } catch (err) {
    if (isApiError(err) && err.status === 401) return null;
    throw err;
  }
}

/**
 * Forgets what the previous user read, except the `me` query itself: this provider's observer stays
 * attached to that query, so replacing its data (rather than removing it, as `clear()` would) is what
 * makes the new user (or none) show at once.
 */
function forgetOtherQueries(queryClient: ReturnType<typeof useQueryClient>): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  queryClient.getMutationCache().clear();
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const { locale, setLocale } = useI18n();
  const [role, setRole] = useState<Role | null>(null);
  const [expired, setExpired] = useState(false);
  const meQuery = useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: Infinity, retry: false });
  const me = meQuery.data ?? null;

  useEffect(() => {
    if (!me) return;
    const r = rememberedRole(me);
    setActingRole(r);
    setRole(r);
    if (isLocale(me.locale) && me.locale !== locale) setLocale(me.locale);
    // Only when the signed-in user changes: a later locale switch must not be undone here.
  }, [me?.id]);

  useEffect(
    () =>
      onUnauthorized(() => {
        if (queryClient.getQueryData(['me'])) setExpired(true);
        resetClientState();
        queryClient.setQueryData(['me'], null);
      }),
    [queryClient],
  );

  const signIn = useCallback(
    async (username: string, password: string) => {
      const answer = (await unwrap(
        api.POST('/api/auth/session' as never, { body: { username, password } } as never),
      )) as { user: Omit<Me, 'role'> };
      forgetOtherQueries(queryClient);
      const signedIn = await fetchMe();
      const user = signedIn ?? ({ ...answer.user, role: answer.user.roles[0]! } as Me);
      setExpired(false);
      queryClient.setQueryData(['me'], user);
      return user;
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await unwrap(api.DELETE('/api/auth/session' as never, {} as never));
    } catch {
      // Signing out of a session that has already ended is still signing out.
    }
    resetClientState();
    setRole(null);
    forgetOtherQueries(queryClient);
    queryClient.setQueryData(['me'], null);
  }, [queryClient]);

  const switchRole = useCallback(
    (next: Role) => {
      if (!me || !me.roles.includes(next)) return;
      globalThis.localStorage?.setItem(roleKey(me.id), next);
      setActingRole(next);
      setRole(next);
      // What a page shows depends on the role it is read in (a chair's board, a reviewer's queue).
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    },
    [me, queryClient],
  );

  const changeLocale = useCallback(
    async (next: Locale) => {
      setLocale(next);
      if (me) {
        await unwrap(
          api.PUT(
            '/api/users/{id}/locale' as never,
            {
              params: { path: { id: me.id } },
              body: { locale: next },
            } as never,
          ),
        ).catch(() => undefined);
        queryClient.setQueryData(['me'], { ...me, locale: next });
      }
    },
    [me, queryClient, setLocale],
  );

  const value = useMemo<SessionContext>(
    () => ({
      me,
      loading: meQuery.isPending,
      role: me ? (role ?? rememberedRole(me)) : null,
      expired,
      signIn,
      signOut,
      switchRole,
      changeLocale,
    }),
    [me, meQuery.isPending, role, expired, signIn, signOut, switchRole, changeLocale],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in user inside the signed-in part of the app (the layout guarantees one). */
export function useMe(): Me & { role: Role } {
  const { me, role } = useSession();
  if (!me || !role) throw new Error('useMe outside the signed-in layout');
  return { ...me, role };
}
