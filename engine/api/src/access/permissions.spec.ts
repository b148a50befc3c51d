import { apiKeyScopes, Permission, permissions, rolePermissions, roles, scopePermissions } from './permissions';

const can = (granted: readonly Permission[], permission: Permission) => granted.includes(permission);

describe('permissions', () => {
  it('gives admins everything and analysts only reads', () => {
    expect([...rolePermissions.admin].sort()).toEqual([...permissions].sort());
    expect(rolePermissions.analyst.every((permission) => permission.endsWith(':read'))).toBe(true);
    expect(can(rolePermissions.analyst, 'journeys:read')).toBe(true);
  });

  it('lets marketers build and publish journeys but not manage people, keys, channels or the audit log', () => {
    for (const permission of ['journeys:write', 'journeys:publish', 'segments:write', 'contacts:write', 'events:write'] as const) {
      expect(can(rolePermissions.marketer, permission)).toBe(true);
    }
    for (const permission of ['members:manage', 'keys:manage', 'channels:write', 'killswitch:write', 'audit:read'] as const) {
      expect(can(rolePermissions.marketer, permission)).toBe(false);
    }
  });

  it('keeps support to the hand-off inbox and what it needs in view', () => {
    expect([...rolePermissions.support].sort()).toEqual(['contacts:read', 'journeys:read', 'tasks:read', 'tasks:write']);
  });

  it('keeps the audit log to admins', () => {
    for (const role of roles) expect(can(rolePermissions[role], 'audit:read')).toBe(role === 'admin');
  });

  it('lets an ingest key send events and nothing else, and no key manage people', () => {
    expect(scopePermissions.ingest).toEqual(['events:write']);
    for (const scope of apiKeyScopes) expect(can(scopePermissions[scope], 'members:manage')).toBe(false);
    expect(can(scopePermissions.admin, 'keys:manage')).toBe(true);
    expect(scopePermissions.read.every((permission) => permission.endsWith(':read'))).toBe(true);
  });

  it('grants only permissions that exist', () => {
    const known = new Set<string>(permissions);
    for (const granted of [...Object.values(rolePermissions), ...Object.values(scopePermissions)]) {
      for (const permission of granted) expect(known.has(permission)).toBe(true);
    }
  });
});
