import { eventName } from '@trellis/journey';
import { z } from 'zod';

/**
 * The Segment HTTP Tracking API's call shapes (track, identify, page, screen, alias, group, batch), so analytics libraries
 * pointed at Trellis work unchanged. Unknown top-level fields are refused (a typo would otherwise
 * drop data silently); `context` and `integrations` are free-form, as in Segment.
 */
const id = z.string().trim().min(1).max(200);
const when = z.iso.datetime({ offset: true });
/** Keys become paths on the contact: no "." inside, no "$" first. */
const fieldName = z.string().min(1).max(200).regex(/^[^$.][^.]*$/, 'a name without "." that does not start with "$"');

const common = {
  messageId: id.optional().describe('Your id for this call. Sending the same id again is safe: it is stored and acted on once.'),
  userId: id.optional().describe('Your id for the person'),
  anonymousId: id.optional().describe("A device's or browser's id for a person not known yet"),
  timestamp: when.optional().describe('When it happened, by the sender’s clock (ISO 8601); defaults to when it is received'),
  sentAt: when.optional().describe('When the sender sent it, by its clock: corrects `timestamp` for the clock’s skew'),
  originalTimestamp: when.optional(),
  receivedAt: when.optional(),
  context: z.record(z.string(), z.unknown()).optional().describe('Library, page, device, locale, IANA `timezone`…'),
  integrations: z.record(z.string(), z.unknown()).optional(),
  version: z.union([z.number(), z.string()]).optional(),
  channel: z.string().max(50).optional(),
  /** Segment's HTTP API also takes the write key in the body (see `bearerOf`). */
  writeKey: z.string().optional(),
};

const someone = (call: { userId?: string; anonymousId?: string }) => call.userId !== undefined || call.anonymousId !== undefined;
const someoneMessage = { message: 'a userId or an anonymousId is required', path: ['userId'] };

export const segmentTrack = z
  .strictObject({ ...common, type: z.literal('track').optional(), event: eventName, properties: z.record(fieldName, z.unknown()).default({}) })
  .refine(someone, someoneMessage);
export type SegmentTrack = z.infer<typeof segmentTrack>;

export const segmentIdentify = z
  .strictObject({ ...common, type: z.literal('identify').optional(), traits: z.record(fieldName, z.unknown()).default({}) })
  .refine(someone, someoneMessage);
export type SegmentIdentify = z.infer<typeof segmentIdentify>;

/** A page view (web) or screen view (app): its name and category, and properties such as `path`, `url`, `title`. */
const view = (type: 'page' | 'screen') =>
  z
    .strictObject({
      ...common,
      type: z.literal(type).optional(),
      name: z.string().trim().max(200).optional().describe(`The ${type}'s name, e.g. "Pricing"`),
      category: z.string().trim().max(200).optional(),
      properties: z.record(fieldName, z.unknown()).default({}),
    })
    .refine(someone, someoneMessage);
export const segmentPage = view('page');
export const segmentScreen = view('screen');
export type SegmentView = z.infer<typeof segmentPage>;

export const segmentAlias = z.strictObject({
  ...common,
  type: z.literal('alias').optional(),
  userId: id.describe('The id the person is known by from now on'),
  previousId: id.describe('An id they had before: an anonymousId, or a userId no other known person has'),
});
export type SegmentAlias = z.infer<typeof segmentAlias>;

export const segmentGroup = z
  .strictObject({
    ...common,
    type: z.literal('group').optional(),
    groupId: id.describe('The customer group the person belongs to (a WeCom group chat id, say)'),
    traits: z.record(fieldName, z.unknown()).default({}).describe('The group’s traits: `name`, `capacity`, `owner`…'),
  })
  .refine(someone, someoneMessage);
export type SegmentGroup = z.infer<typeof segmentGroup>;

/** Segment's limits: 32 KB per call, 500 KB per batch (the body parser caps every request at 1 MB). */
export const maxCallBytes = 32 * 1024;
export const maxBatchCalls = 2_500;

export const segmentBatch = z.strictObject({
  batch: z.array(z.unknown()).min(1).max(maxBatchCalls),
  context: common.context,
  integrations: common.integrations,
  sentAt: common.sentAt,
  writeKey: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type SegmentBatch = z.infer<typeof segmentBatch>;
