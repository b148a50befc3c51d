import { z } from 'zod';

const reserved = new Set(['__proto__', 'constructor', 'prototype']);

/** Why a trait name is unsafe as a MongoDB field and a JavaScript key, or undefined when it is fine. */
function traitKeyProblem(key: string): string | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(key)) return `"${key}" is not a trait name: use letters, digits, "_" or "-", e.g. "points"`;
  if (reserved.has(key)) return `"${key}" is a reserved name`;
  return undefined;
}

export const traitKey = z.string().superRefine((key, context) => {
  const problem = traitKeyProblem(key);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

/** A map from trait name to value whose errors name the offending key (zod's record keys say only "Invalid key"). */
export function traitMap<V extends z.ZodType>(value: V) {
  return z.record(z.string(), value).superRefine((record, context) => {
    for (const key of Object.keys(record)) {
      const problem = traitKeyProblem(key);
      if (problem) context.addIssue({ code: 'custom', path: [key], message: problem });
    }
  });
}
