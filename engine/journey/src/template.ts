import { z } from 'zod';
import { journeyDefinition } from './definition';

/** A journey template as growth teams keep it in git under workflows/: one file per template. */
export const journeyTemplate = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'template ids are lower-case words joined by "-" (the file name without .json)'),
  version: z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'versions are semver, e.g. "1.2.0"'),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000),
  journey: journeyDefinition,
});
export type JourneyTemplate = z.infer<typeof journeyTemplate>;
