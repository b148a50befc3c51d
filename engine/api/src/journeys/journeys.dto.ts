import { journeyDefinition, nodeId } from '@trellis/journey';
import { z } from 'zod';

export const createJourneyBody = journeyDefinition;
export const updateJourneyBody = journeyDefinition;
export const publishJourneyBody = z.strictObject({ note: z.string().max(2000).optional() }).default({});
export const listEnrollmentsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  status: z.enum(['running', 'completed', 'failed']).optional(),
  nodeId: nodeId.optional(),
});

export const versionParam = z.coerce.number().int().min(1);
const side = z.union([z.literal('draft'), versionParam]);
export const diffQuery = z.strictObject({ from: side, to: side.default('draft') });
