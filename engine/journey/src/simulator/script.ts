import { z } from 'zod';
import { lifecycleStage } from '../actions/vocabulary';
import { duration } from '../duration';
import { segmentKey } from '../nodes/trigger-segment.node';
import { messagingPolicy } from '../messages/guardrails';
import { boundedRule } from '../rules/rule';
import { isTimeZone } from '../time/next-local-time';

const isoDate = z.iso.datetime({ offset: true });

export const simulatedContact = z.strictObject({
  id: z.string().min(1).max(200),
  traits: z.record(z.string(), z.unknown()).default({}),
  tags: z.array(z.string().min(1).max(100)).default([]),
  timezone: z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"').optional(),
  lifecycleStage: lifecycleStage.optional(),
});

export const simulatedEvent = z.strictObject({
  at: isoDate,
  contactId: z.string().min(1),
  name: z.string().min(1).max(200),
  properties: z.record(z.string(), z.unknown()).default({}),
  traits: z.record(z.string(), z.unknown()).optional().describe('Traits the event sets on the contact, as an identify call would.'),
});

/** A call to the enrolment API (for journeys triggered by `trigger.api`). */
export const simulatedEnrolment = z.strictObject({
  at: isoDate,
  contactId: z.string().min(1),
  data: z.record(z.string(), z.unknown()).default({}),
});

/** What a test run is made of: who, and what happens to them when, on a virtual clock. */
export const simulationScript = z
  .strictObject({
    start: isoDate.describe('Where the virtual clock starts.'),
    until: isoDate.optional().describe('Where it stops; defaults to 400 days after start.'),
    contacts: z.array(simulatedContact).max(100_000),
    events: z.array(simulatedEvent).max(1_000_000).default([]),
    enrolments: z.array(simulatedEnrolment).max(1_000_000).default([]).describe('Enrolment API calls, for trigger.api journeys.'),
    segments: z.record(segmentKey, boundedRule).default({}).describe('Segment definitions the journey’s trigger may use.'),
    segmentSweep: duration.default({ amount: 1, unit: 'hours' }).describe('How often time-based segment rules are re-evaluated.'),
    messagingPolicy: messagingPolicy.optional().describe('The workspace’s guardrails to send under (quiet hours, caps, kill switch); none by default.'),
  })
  .superRefine((script, context) => {
    const ids = new Set(script.contacts.map((contact) => contact.id));
    if (ids.size !== script.contacts.length) context.addIssue({ code: 'custom', path: ['contacts'], message: 'contact ids must be unique' });
    const check = (list: 'events' | 'enrolments') =>
      script[list].forEach((item, index) => {
        if (!ids.has(item.contactId)) {
          context.addIssue({ code: 'custom', path: [list, index, 'contactId'], message: `no contact "${item.contactId}" in the script` });
        }
        if (Date.parse(item.at) < Date.parse(script.start)) {
          context.addIssue({ code: 'custom', path: [list, index, 'at'], message: `${list} cannot happen before the start` });
        }
      });
    check('events');
    check('enrolments');
  });
export type SimulationScript = z.infer<typeof simulationScript>;
export type SimulationScriptInput = z.input<typeof simulationScript>;
