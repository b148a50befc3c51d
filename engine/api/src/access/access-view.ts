import { Permission, permissions, Role } from './permissions';
import { Actor, Principal } from './principal';

export interface AccessView {
  workspaceId: string;
  actor: Actor;
  /** Operators only: API keys have a scope, which their permissions spell out. */
  role?: Role;
  /** In the order `permissions` lists them, so answers compare as they are. */
  permissions: Permission[];
}

/** What a credential may do in its workspace, for a client to hide or disable what it may not. */
export function accessView(principal: Principal): AccessView {
  return {
    workspaceId: principal.workspaceId,
    actor: { kind: principal.actor.kind, id: principal.actor.id, name: principal.actor.name },
    ...(principal.role ? { role: principal.role } : {}),
    permissions: permissions.filter((permission) => principal.permissions.has(permission)),
  };
}
