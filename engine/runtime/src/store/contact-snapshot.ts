import { ContactSnapshot } from '@trellis/journey';
import { Model } from 'mongoose';
import { Contact } from './contact.schema';
import { TrackedEvent } from './event.schema';
import { findOwned } from './find-owned';

/** Event-history rules see this many of the contact's latest events (computed attributes cover the long tail, issue 6). */
const recentEvents = 500;

/**
 * What rules may read of a contact now: traits, tags, lifecycle stage, zone and latest events.
 * The worker reads it for branches and waits; the API for a journey's audience at entry.
 */
export async function loadContactSnapshot(
  models: { contacts: Model<Contact>; events: Model<TrackedEvent> },
  workspaceId: string,
  contactId: string,
): Promise<ContactSnapshot | undefined> {
  const [contact, events] = await Promise.all([
    findOwned(models.contacts, workspaceId, contactId, { traits: 1, tags: 1, lifecycleStage: 1, timezone: 1 }),
    models.events.find({ workspaceId, contactId }, { name: 1, timestamp: 1, properties: 1 }).sort({ timestamp: -1 }).limit(recentEvents).lean(),
  ]);
  if (!contact) return undefined;
  return {
    traits: (contact.traits ?? {}) as Record<string, unknown>,
    tags: contact.tags ?? [],
    ...(contact.lifecycleStage ? { lifecycleStage: contact.lifecycleStage } : {}),
    ...(contact.timezone ? { timezone: contact.timezone } : {}),
    events: events.map((event) => ({ name: event.name, at: event.timestamp.getTime(), properties: (event.properties ?? {}) as Record<string, unknown> })),
  };
}
