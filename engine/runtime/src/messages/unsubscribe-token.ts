import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Whom an unsubscribe link is for: a contact, the kind of channel it stops, and the send it came in. */
export interface UnsubscribeClaim {
  workspaceId: string;
  contactId: string;
  channel: string;
  sendId?: string;
}

const claimShape = z.strictObject({ w: z.string().min(1).max(100), c: z.string().min(1).max(100), ch: z.string().min(1).max(20), s: z.string().max(1000).optional() });

function signature(key: string, payload: string): Buffer {
  // 128 bits of the HMAC: enough against forgery, and the link stays short.
  return createHmac('sha256', key).update(payload).digest().subarray(0, 16);
}

/** `<payload>.<signature>`, both base64url: readable by anyone, forgeable by no one without the workspace's key. */
export function signUnsubscribe(key: string, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(JSON.stringify({ w: claim.workspaceId, c: claim.contactId, ch: claim.channel, ...(claim.sendId ? { s: claim.sendId } : {}) })).toString('base64url');
  return `${payload}.${signature(key, payload).toString('base64url')}`;
}

/**
 * The claim a token makes, to look the workspace's key up by, and a check of its signature
 * against that key; undefined when the token is not one at all.
 */
export function readUnsubscribe(token: string): { claim: UnsubscribeClaim; signedWith(key: string): boolean } | undefined {
  const match = /^([A-Za-z0-9_-]{10,2000})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!match) return undefined;
  const [, payload, signed] = match as unknown as [string, string, string];
  let parsed: z.infer<typeof claimShape>;
  try {
    const result = claimShape.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!result.success) return undefined;
    parsed = result.data;
  } catch {
    return undefined;
  }
  const claim: UnsubscribeClaim = { workspaceId: parsed.w, contactId: parsed.c, channel: parsed.ch, ...(parsed.s ? { sendId: parsed.s } : {}) };
  return { claim, signedWith: (key) => timingSafeEqual(signature(key, payload), Buffer.from(signed, 'base64url')) };
}
