import { Request } from 'express';
import { Permission, Role } from './permissions';

/** Who did something, as the audit log names them. */
export interface Actor {
  kind: 'operator' | 'apiKey' | 'installation';
  id: string;
  name: string;
}

/** Who is making a request in a workspace, and what they may do there. */
export interface Principal {
  workspaceId: string;
  actor: Actor;
  /** An operator's role in the workspace; API keys have a scope instead. */
  role?: Role;
  permissions: ReadonlySet<Permission>;
}

/** A signed-in operator's session, before (or without) choosing a workspace. */
export interface SignedIn {
  operatorId: string;
  sessionId: string;
  email: string;
  name: string;
}

export interface AccessRequest extends Request {
  principal?: Principal;
  signedIn?: SignedIn;
}

/**
 * The credential a request carries: `Authorization: Bearer …`; or HTTP Basic with the key as the
 * user name, as Segment's libraries send their write key; or `X-Api-Key`; or a body's `writeKey`.
 */
export function bearerOf(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
    const user = decoded.split(':')[0]?.trim();
    return user || undefined;
  }
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string') return apiKey.trim();
  // Segment's HTTP API also takes the write key in the body.
  const writeKey = (request.body as { writeKey?: unknown } | undefined)?.writeKey;
  return typeof writeKey === 'string' ? writeKey.trim() : undefined;
}
