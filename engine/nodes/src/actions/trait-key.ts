import { z } from 'zod';

/** A trait name safe to use as a MongoDB field and a JavaScript key. */
export const traitKey = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, 'a trait name: letters, digits, "_" or "-", e.g. "points"')
  .refine((key) => !['__proto__', 'constructor', 'prototype'].includes(key), 'this name is reserved');
