import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const keyPrefix = 'trl_';

export function generateApiKey(): string {
  return keyPrefix + randomBytes(32).toString('base64url');
}

/** Keys carry 256 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(keyPrefix) && value.length > keyPrefix.length + 20;
}

export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}
