import { z } from 'zod';
import { defineNode } from '../node-definition';
import { weekdays } from '../time/next-local-time';
import { timeOfDay, timeZone } from '../time/send-window';

export const waitUntilConfig = z.discriminatedUnion('mode', [
  z.strictObject({
    mode: z.literal('timeOfDay'),
    time: timeOfDay.describe('Wall-clock time to wake at, in the contact’s time zone.'),
    weekdays: z.array(z.enum(weekdays)).max(7).optional().describe('Only on these days; every day when empty.'),
    timezone: timeZone.optional().describe('Use this zone instead of the contact’s.'),
  }),
  z.strictObject({
    mode: z.literal('date'),
    at: z.iso.datetime({ offset: true }).describe('An absolute instant; contacts arriving later move on at once.'),
  }),
]);
export type WaitUntilConfig = z.infer<typeof waitUntilConfig>;

export const waitUntilNode = defineNode({
  type: 'wait.until',
  category: 'wait',
  title: 'Wait until',
  description: 'Holds the contact until a time of day (in their time zone) or a date, e.g. the next 20:00.',
  icon: 'clock',
  config: waitUntilConfig,
  ports: ['next'],
  readsContact: true,
  mayPassAtOnce: (config) => config.mode === 'date',
});
