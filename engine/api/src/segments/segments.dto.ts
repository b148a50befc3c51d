import { queryableRule, segmentKey } from '@trellis/journey';
import { z } from 'zod';

const name = z.string().trim().min(1).max(200);
const description = z.string().trim().max(2000);
const sweepMinutes = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60)
  .describe('How often every contact is re-evaluated (rules on time such as "no order for 30 days", changes journeys made), in minutes.');

export const createSegmentBody = z.strictObject({
  key: segmentKey.describe('How journeys name the segment (`trigger.segment`, `trigger.schedule`); fixed once created.'),
  name,
  description: description.optional(),
  rule: queryableRule.describe('Who is in it: a rule of the rules model (traits, tags, event history, computed attributes).'),
  sweepMinutes: sweepMinutes.default(60),
});
export type CreateSegmentBody = z.infer<typeof createSegmentBody>;

export const updateSegmentBody = z
  .strictObject({ name: name.optional(), description: description.nullable().optional(), rule: queryableRule.optional(), sweepMinutes: sweepMinutes.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'change at least one of name, description, rule, sweepMinutes' });
export type UpdateSegmentBody = z.infer<typeof updateSegmentBody>;

export const previewSegmentBody = z.strictObject({
  rule: queryableRule,
  sample: z.number().int().min(0).max(100).default(10).describe('How many matching contacts to show.'),
});
export type PreviewSegmentBody = z.infer<typeof previewSegmentBody>;

export const listMembersQuery = z.strictObject({
  cursor: z.string().max(300).optional().describe('The `next` of the previous page.'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListMembersQuery = z.infer<typeof listMembersQuery>;
