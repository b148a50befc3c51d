/** Buckets per experiment: weights are honoured to 0.01 percentage points. */
export const bucketCount = 10_000;

const encoder = new TextEncoder();

/**
 * FNV-1a over the UTF-8 bytes, then murmur3's finaliser: FNV alone leaves the low bits of
 * similar ids ("c1", "c2") correlated, which would skew `mod` buckets. 32-bit integer maths
 * (Math.imul, >>> 0) gives the same number on every JavaScript engine, so the Temporal worker,
 * the simulator and the browser all agree.
 */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The contact's bucket in an experiment: depends only on the two ids, so it is sticky. */
export function bucketOf(experimentId: string, contactId: string): number {
  return hash32(`${experimentId}\u0000${contactId}`) % bucketCount;
}

/** The arm whose cumulative weight range holds the contact's bucket. Weights add up to 100. */
export function assignArm<Arm extends { weight: number }>(arms: readonly Arm[], experimentId: string, contactId: string): Arm {
  const bucket = bucketOf(experimentId, contactId);
  let upper = 0;
  for (const arm of arms) {
    upper += arm.weight * (bucketCount / 100);
    if (bucket < upper) return arm;
  }
  // Float rounding can leave the top bucket uncovered; it belongs to the last arm with a weight.
  return arms.findLast((arm) => arm.weight > 0) ?? arms[arms.length - 1]!;
}
