import { z } from 'zod';
import { defineNode } from '../node-definition';

export const segmentKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'a segment key: lower-case letters, digits, "-" or "_", e.g. "no-order-30d"');

/** The events the data plane records as a contact enters or leaves a segment (`properties.segment` names it). */
export const segmentEnteredEvent = '$segment.entered';
export const segmentLeftEvent = '$segment.left';

export const triggerSegmentConfig = z.strictObject({
  segment: segmentKey.describe('Contacts are enrolled the moment they enter this segment.'),
});
export type TriggerSegmentConfig = z.infer<typeof triggerSegmentConfig>;

export const triggerSegmentNode = defineNode({
  type: 'trigger.segment',
  category: 'trigger',
  title: 'When a contact enters a segment',
  description: 'Enrols contacts as they start matching a segment, e.g. "no purchase for 30 days".',
  icon: 'users',
  config: triggerSegmentConfig,
  ports: ['next'],
  enrolsOn: (config) => ({ segments: [config.segment] }),
});
