import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { stringify } from 'safe-stable-stringify';

/** A hash of the value's canonical JSON (keys sorted), identical in Node and the browser. */
export function contentHash(value: unknown): string {
  const canonical = stringify(value);
  if (canonical === undefined) throw new Error('cannot hash an undefined value');
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}
