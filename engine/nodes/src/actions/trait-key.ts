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

const maxDepth = 8;
const maxJsonLength = 10_000;

/**
 * The first key inside a value that MongoDB would read as an operator or a path ("$…", "a.b"),
 * or JavaScript as a prototype, and where it is; values reach `$set` as they are.
 */
function unsafeInnerKey(value: unknown, path: (string | number)[]): { path: (string | number)[]; message: string } | undefined {
  if (path.length > maxDepth) return { path, message: `nested deeper than ${maxDepth} levels` };
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : value !== null && typeof value === 'object' ? Object.entries(value) : [];
  for (const [key, inner] of entries) {
    if (typeof key === 'string' && (key.startsWith('$') || key.includes('.') || reserved.has(key))) {
      return { path: [...path, key], message: `"${key}" cannot be a key inside a trait: no leading "$", no ".", no reserved name` };
    }
    const found = unsafeInnerKey(inner, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** A value a trait can hold: JSON that MongoDB stores as is. `null` is left to "unset". */
export const traitValue = z.json().superRefine((value, context) => {
  if (value === null) return context.addIssue({ code: 'custom', message: 'a trait cannot be set to null; unset it instead' });
  if (JSON.stringify(value).length > maxJsonLength) return context.addIssue({ code: 'custom', message: `at most ${maxJsonLength} characters as JSON` });
  const unsafe = unsafeInnerKey(value, []);
  if (unsafe) context.addIssue({ code: 'custom', ...unsafe });
});
