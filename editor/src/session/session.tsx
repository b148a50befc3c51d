import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, createApiClient, type ApiClient, type Credentials } from '../api/client';
import { forgetCredentials, saveCredentials, storedCredentials } from './credentials-store';

/** Who the editor acts as in this workspace and what they may do (`GET /v1/access`). */
export interface Access {
  workspaceId: string;
  actor: { kind: 'operator' | 'apiKey' | 'installation'; id: string; name: string };
  role?: string;
  permissions: string[];
}

export interface Session {
  api: ApiClient;
  access: Access;
  /** Whether the API would allow it: controls the user may not use are hidden or disabled. */
  can: (permission: string) => boolean;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

type State = { status: 'signedOut'; error?: unknown } | { status: 'loading'; credentials: Credentials } | { status: 'ready'; credentials: Credentials; access: Access };

/**
 * Holds the credentials and what they allow. `signIn` renders when there are none (or the API
 * refused them); everything inside `children` may call `useSession()`.
 */
export function SessionProvider({ children, signIn }: { children: ReactNode; signIn: (props: { error?: unknown; onSignedIn: (credentials: Credentials) => void }) => ReactNode }) {
  const [state, setState] = useState<State>(() => {
    const credentials = storedCredentials();
    return credentials ? { status: 'loading', credentials } : { status: 'signedOut' };
  });

  const accept = useCallback((credentials: Credentials) => {
    saveCredentials(credentials);
    setState({ status: 'loading', credentials });
  }, []);

  const signOut = useCallback(() => {
    const current = storedCredentials();
    if (current?.kind === 'session') void createApiClient(current).post('/v1/auth/sign-out').catch(() => undefined);
    forgetCredentials();
    setState({ status: 'signedOut' });
  }, []);

  useEffect(() => {
    if (state.status !== 'loading') return;
    const { credentials } = state;
    createApiClient(credentials)
      .get<Access>('/v1/access')
      .then((access) => setState({ status: 'ready', credentials, access }))
      .catch((error: unknown) => {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) forgetCredentials();
        setState({ status: 'signedOut', error });
      });
  }, [state]);

  const session = useMemo<Session | null>(() => {
    if (state.status !== 'ready') return null;
    const permissions = new Set(state.access.permissions);
    return { api: createApiClient(state.credentials), access: state.access, can: (permission) => permissions.has(permission), signOut };
  }, [state, signOut]);

  if (state.status === 'signedOut') return <>{signIn({ error: state.error, onSignedIn: accept })}</>;
  if (!session) return <p className="muted page-loading">…</p>;
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
