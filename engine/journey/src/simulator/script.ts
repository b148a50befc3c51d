import { z } from 'zod';
import { isTimeZone } from '../time/next-local-time';

const isoDate = z.iso.datetime({ offset: true });

export const simulatedContact = z.strictObject({
  id: z.string().min(1).max(200),
  traits: z.record(z.string(), z.unknown()).default({}),
  tags: z.array(z.string().min(1).max(100)).default([]),
  timezone: z.string().refine(isTimeZone, 'an IANA time zone such as "Asia/Shanghai"').optional(),
  lifecycleStage: z.string().optional(),
});

export const simulatedEvent = z.strictObject({
  at: isoDate,
  contactId: z.string().min(1),
  name: z.string().min(1).max(200),
  properties: z.record(z.string(), z.unknown()).default({}),
});

/** What a test run is made of: who, and what happens to them when, on a virtual clock. */
export const simulationScript = z
  .strictObject({
    start: isoDate.describe('Where the virtual clock starts.'),
    until: isoDate.optional().describe('Where it stops; defaults to 400 days after start.'),
    contacts: z.array(simulatedContact).max(100_000),
    events: z.array(simulatedEvent).max(1_000_000).default([]),
  })
  .superRefine((script, context) => {
    const ids = new Set(script.contacts.map((contact) => contact.id));
    if (ids.size !== script.contacts.length) context.addIssue({ code: 'custom', path: ['contacts'], message: 'contact ids must be unique' });
    script.events.forEach((event, index) => {
      if (!ids.has(event.contactId)) {
        context.addIssue({ code: 'custom', path: ['events', index, 'contactId'], message: `no contact "${event.contactId}" in the script` });
      }
      if (Date.parse(event.at) < Date.parse(script.start)) {
        context.addIssue({ code: 'custom', path: ['events', index, 'at'], message: 'events cannot happen before the start' });
      }
    });
  });
export type SimulationScript = z.infer<typeof simulationScript>;
export type SimulationScriptInput = z.input<typeof simulationScript>;
