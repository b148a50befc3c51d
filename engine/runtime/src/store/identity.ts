/**
 * The ids one person may arrive with: the workspace's own user id, a device's anonymous id, an
 * email address or phone number, a WeCom external user id (the same whichever staff account
 * befriended them), a WeChat unionid, or an openid (per official account or mini program). Each
 * resolves to at most one contact.
 */
export const identityKinds = ['user', 'anonymous', 'email', 'phone', 'wecom', 'unionid', 'openid'] as const;
export type IdentityKind = (typeof identityKinds)[number];

export interface Identity {
  kind: IdentityKind;
  value: string;
}

/** The form an identity is stored and looked up in: emails in lower case, everything trimmed. */
export function normalizeIdentity(identity: Identity): Identity {
  const value = identity.value.trim();
  return { kind: identity.kind, value: identity.kind === 'email' ? value.toLowerCase() : value };
}

/** Phone numbers are E.164 (`+8613800138000`): a local number would name different people in different countries. */
export const e164 = /^\+[1-9][0-9]{6,14}$/;

export function sameIdentity(a: Identity, b: Identity): boolean {
  return a.kind === b.kind && a.value === b.value;
}
