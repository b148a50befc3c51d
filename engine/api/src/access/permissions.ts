/**
 * What a request may do, named by resource and verb. Routes declare the one they need
 * (`@Requires`); roles (people) and scopes (API keys) are sets of them.
 */
export const permissions = [
  'events:write',
  'contacts:read',
  'contacts:write',
  'journeys:read',
  'journeys:write',
  'journeys:publish',
  'segments:read',
  'segments:write',
  'messages:read',
  'messages:write',
  'tasks:read',
  'tasks:write',
  'channels:write',
  'killswitch:write',
  'keys:manage',
  'members:manage',
  'audit:read',
] as const;
export type Permission = (typeof permissions)[number];

export const roles = ['admin', 'marketer', 'analyst', 'support'] as const;
/** An operator's role in one workspace. */
export type Role = (typeof roles)[number];

const reads = permissions.filter((permission) => permission.endsWith(':read') && permission !== 'audit:read');

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: permissions,
  /** Builds, publishes and runs journeys and the audiences and messages around them. */
  marketer: [...reads, 'events:write', 'contacts:write', 'journeys:write', 'journeys:publish', 'segments:write', 'messages:write'],
  /** Reads everything a journey did, changes nothing. */
  analyst: reads,
  /** Works the hand-off inbox, with the contacts and journeys behind each task in view. */
  support: ['contacts:read', 'journeys:read', 'tasks:read', 'tasks:write'],
};

export const apiKeyScopes = ['ingest', 'read', 'admin'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const scopePermissions: Record<ApiKeyScope, readonly Permission[]> = {
  /** For front-ends and apps, where the key is public: events in, nothing out. */
  ingest: ['events:write'],
  /** For dashboards and exports. */
  read: reads,
  /** For servers, CI and the CLI: everything except managing people, which stays with people. */
  admin: permissions.filter((permission) => permission !== 'members:manage'),
};
