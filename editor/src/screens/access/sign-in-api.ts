import { apiRequest, type Credentials } from '../../api/client';

export interface WorkspaceChoice {
  id: string;
  role: string;
  /** Read once signed in; absent when the workspace could not be read. */
  name?: string;
}

export interface SignedIn {
  token: string;
  operator: { id: string; email: string; name: string };
  workspaces: WorkspaceChoice[];
}

export function signIn(email: string, password: string): Promise<SignedIn> {
  return apiRequest<SignedIn>(undefined, 'POST', '/v1/auth/sign-in', { body: { email, password } });
}

const sessionIn = (token: string, workspaceId: string): Credentials => ({ kind: 'session', token, workspaceId });

/**
 * Sign-in answers with workspace ids only; each workspace's name comes from the workspace itself,
 * read with the new session. One that cannot be read keeps just its id.
 */
export function withNames(token: string, workspaces: readonly WorkspaceChoice[]): Promise<WorkspaceChoice[]> {
  return Promise.all(
    workspaces.map((workspace) =>
      apiRequest<{ name: string }>(sessionIn(token, workspace.id), 'GET', '/v1/workspaces/current').then(
        (found) => ({ ...workspace, name: found.name }),
        () => workspace,
      ),
    ),
  );
}

/** Ends a session that was opened but not used (no workspace chosen), so its token stops working. */
export function endSession(token: string): void {
  // Sign-out needs no workspace; any membership header is ignored.
  void apiRequest(sessionIn(token, ''), 'POST', '/v1/auth/sign-out').catch(() => undefined);
}
