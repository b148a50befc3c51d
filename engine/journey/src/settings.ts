import { z } from 'zod';
import { duration } from './duration';
import { eventName } from './nodes/trigger-event.node';
import { boundedRule } from './rules/rule';
import { timeZone } from './time/send-window';

const isoDate = z.iso.datetime({ offset: true });

const eventMatch = z.strictObject({
  event: eventName,
  where: boundedRule.optional().describe('Only events whose properties match this rule count.'),
});
export type EventMatch = z.infer<typeof eventMatch>;

/** Journey-level rules: who may enter, when, how often, what counts as success, when to leave. */
export const journeySettings = z.strictObject({
  reentry: z
    .discriminatedUnion('mode', [
      z.strictObject({ mode: z.literal('never') }),
      z.strictObject({ mode: z.literal('afterExit') }),
      z.strictObject({
        mode: z.literal('afterCooldown'),
        cooldown: duration.describe('Time since the contact’s previous entry before they may enter again.'),
      }),
    ])
    .default({ mode: 'never' })
    .describe('Whether a contact may go through the journey more than once; never two enrolments at the same time.'),
  maxConcurrent: z.number().int().positive().max(100_000_000).optional().describe('At most this many contacts in the journey at once.'),
  audience: boundedRule.optional().describe('Only contacts matching this rule enter.'),
  enrolmentWindow: z
    .strictObject({ from: isoDate.optional(), until: isoDate.optional() })
    .refine((window) => !window.from || !window.until || Date.parse(window.from) < Date.parse(window.until), {
      message: 'the window must start before it ends',
      path: ['until'],
    })
    .optional()
    .describe('Contacts enter only between these instants.'),
  timezone: timeZone.optional().describe('Time zone for contacts who have none of their own.'),
  goal: z
    .strictObject({
      event: eventName.describe('The conversion event, e.g. "order_paid".'),
      where: boundedRule.optional(),
      within: duration.optional().describe('Only conversions this soon after entering count.'),
      exitOnGoal: z.boolean().default(false).describe('A converted contact leaves the journey at once, wherever they are.'),
    })
    .optional(),
  exitCriteria: z
    .strictObject({
      events: z.array(eventMatch).max(20).default([]).describe('Doing any of these takes the contact out of the journey.'),
      when: boundedRule.optional().describe('A contact matching this rule leaves at the next step.'),
    })
    .optional(),
});
export type JourneySettings = z.infer<typeof journeySettings>;
export type JourneySettingsInput = z.input<typeof journeySettings>;

export const defaultJourneySettings: JourneySettings = journeySettings.parse({});
