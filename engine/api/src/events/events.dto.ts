import { eventName } from '@trellis/journey';
import { z } from 'zod';

export const trackEventBody = z.strictObject({
  type: z.literal('track').default('track'),
  messageId: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Your id for this event. Sending the same id again is safe: it is stored and acted on once.'),
  userId: z.string().trim().min(1).max(200).describe('Your id for the contact; the contact is created on first sight.'),
  event: eventName,
  properties: z.record(z.string(), z.unknown()).default({}),
  timestamp: z.iso.datetime({ offset: true }).optional().describe('When it happened (ISO 8601); defaults to when it is received.'),
});
export type TrackEventBody = z.infer<typeof trackEventBody>;
