import { z } from 'zod';
import { isTimeZone } from './next-local-time';

export const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a 24-hour time such as "20:00"');
export const timeZone = z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"');

/**
 * Local hours in which a message may go out, e.g. 10:00–20:00 in the contact's zone. A window
 * whose end is before its start spans midnight (22:00–06:00).
 */
export const sendWindow = z
  .strictObject({
    start: timeOfDay.describe('Earliest local time to send, e.g. "10:00".'),
    end: timeOfDay.describe('Latest local time to send, e.g. "20:00".'),
    timezone: timeZone.optional().describe('Use this zone instead of the contact’s.'),
  })
  .refine((window) => window.start !== window.end, { message: 'a send window needs a start and an end that differ', path: ['end'] });
export type SendWindow = z.infer<typeof sendWindow>;
