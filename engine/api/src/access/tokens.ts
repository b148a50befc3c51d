import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * Bearer tokens of three kinds, told apart by prefix: API keys (`trl_`), operator sessions
 * (`trs_`) and invitations (`tri_`). Each names its record (`prefix` + id + `_` + secret), so
 * checking one is a lookup by `_id`; only the secret's SHA-256 is stored. The secrets carry 256
 * random bits, so a fast hash is enough: there is nothing to brute-force.
 */
export const tokenKinds = { apiKey: 'trl_', session: 'trs_', invite: 'tri_' } as const;
export type TokenKind = keyof typeof tokenKinds;

export interface IssuedToken {
  id: string;
  token: string;
  hash: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function issueToken(kind: TokenKind): IssuedToken {
  const id = new Types.ObjectId().toHexString();
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${tokenKinds[kind]}${id}_${secret}`, hash: hashSecret(secret) };
}

const shape = /^([a-f0-9]{24})_([A-Za-z0-9_-]{43})$/;

/** The record id and secret a token of this kind carries, or undefined when it is not one. */
export function readToken(kind: TokenKind, token: string): { id: string; secret: string } | undefined {
  if (!token.startsWith(tokenKinds[kind])) return undefined;
  const match = shape.exec(token.slice(tokenKinds[kind].length));
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** Whether the secret is the one whose hash was stored, in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** Compares two strings (the installation admin token) without leaking where they differ. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
