import { accessView } from './access-view';
import { rolePermissions, scopePermissions } from './permissions';

describe('accessView', () => {
  it("names an operator's role and lists its permissions in their canonical order", () => {
    const view = accessView({
      workspaceId: 'w1',
      actor: { kind: 'operator', id: 'o1', name: 'mei@example.com' },
      role: 'support',
      permissions: new Set([...rolePermissions.support].reverse()),
    });
    expect(view).toEqual({ workspaceId: 'w1', actor: { kind: 'operator', id: 'o1', name: 'mei@example.com' }, role: 'support', permissions: ['contacts:read', 'journeys:read', 'tasks:read', 'tasks:write'] });
  });

  it('gives an API key no role, only what its scope allows', () => {
    const view = accessView({ workspaceId: 'w1', actor: { kind: 'apiKey', id: 'k1', name: 'web' }, permissions: new Set(scopePermissions.ingest) });
    expect(view).toEqual({ workspaceId: 'w1', actor: { kind: 'apiKey', id: 'k1', name: 'web' }, permissions: ['events:write'] });
    expect('role' in view).toBe(false);
  });
});
