import { ContactSnapshot } from '@trellis/journey';
import { Model, trusted } from 'mongoose';
import { Contact } from './contact.schema';
import { TrackedEvent } from './event.schema';
import { findOwned } from './find-owned';

/** Event-history rules see this many of the contact's latest events; `activity` and `computed` cover the whole history. */
const recentEvents = 500;

/**
 * What rules may read of a contact now: traits, tags, lifecycle stage, zone and latest events.
 * The worker reads it for branches and waits; the API for a journey's audience at entry.
 */
export async function loadContactSnapshot(
  models: { contacts: Model<Contact>; events: Model<TrackedEvent> },
  workspaceId: string,
  contactId: string,
  hops = 0,
): Promise<ContactSnapshot | undefined> {
  const eventsOf = (contactIds: string[]) =>
    models.events
      // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
      .find({ workspaceId, contactId: contactIds.length === 1 ? contactIds[0] : trusted({ $in: contactIds }) }, { name: 1, timestamp: 1, properties: 1 })
      .sort({ timestamp: -1 })
      .limit(recentEvents)
      .lean();
  const [contact, own] = await Promise.all([
    findOwned(models.contacts, workspaceId, contactId, { traits: 1, tags: 1, groups: 1, lifecycleStage: 1, timezone: 1, computed: 1, activity: 1, mergedInto: 1, mergedFrom: 1 }),
    eventsOf([contactId]),
  ]);
  if (!contact) return undefined;
  // A contact merged into another is that person now (an enrolment started before the merge reads them so).
  if (contact.mergedInto && hops < 10) return loadContactSnapshot(models, workspaceId, contact.mergedInto, hops + 1);
  const events = contact.mergedFrom?.length ? await eventsOf([contactId, ...contact.mergedFrom]) : own;
  return {
    traits: (contact.traits ?? {}) as Record<string, unknown>,
    tags: contact.tags ?? [],
    ...(contact.groups?.length ? { groups: contact.groups } : {}),
    ...(contact.lifecycleStage ? { lifecycleStage: contact.lifecycleStage } : {}),
    ...(contact.timezone ? { timezone: contact.timezone } : {}),
    ...(contact.computed ? { computed: contact.computed as Record<string, unknown> } : {}),
    ...(contact.activity ? { activity: contact.activity as Record<string, unknown> } : {}),
    events: events.map((event) => ({ name: event.name, at: event.timestamp.getTime(), properties: (event.properties ?? {}) as Record<string, unknown> })),
  };
}
