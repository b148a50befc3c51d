import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { activityUpdates, Contact, ContactKey, contactKey, CountedEvent, Identity, keyOwners, normalizeIdentity, rescoreOrdered, TrackedEvent } from '@trellis/runtime';
import { skippingExisting } from '../common/skipping-existing';
import { ContactChanges } from '../contacts/contact-changes';
import { Model, Types } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { IncomingEvent } from './events.service';

/** A call the bulk path takes: a track by one id, that no journey listens to or starts on. */
export interface SimpleCall {
  index: number;
  event: IncomingEvent;
  identity: Identity;
}

export interface BulkResult {
  index: number;
  messageId: string;
  eventId: string;
  contactId: string;
  duplicate: boolean;
}

/**
 * Stores a batch's simple calls with a command per step instead of per call: their people's
 * keys looked up together and the missing ones claimed, the events inserted in one unordered
 * insert (a repeated messageId fails alone, and is answered as the duplicate it is), then every
 * contact created, its last-event time moved on and its new events counted in one bulk write. Anything else (an identify, two ids that
 * may merge, an event a journey wants) takes the call-by-call path, which routes it.
 */
@Injectable()
export class BulkIngest {
  constructor(
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    @InjectModel('ContactKey') private readonly contactKeys: Model<ContactKey>,
    @InjectModel('TrackedEvent') private readonly events: Model<TrackedEvent>,
    private readonly changes: ContactChanges,
  ) {}

  async store(workspaceId: string, calls: readonly SimpleCall[]): Promise<BulkResult[]> {
    const identities = calls.map((call) => normalizeIdentity(call.identity));
    const contactOf = await this.contactsOf(workspaceId, identities);
    const receivedAt = new Date();
    const rows = calls.map((call, position) => {
      const event = call.event;
      const at = event.receivedAt ?? receivedAt;
      return {
        _id: new Types.ObjectId(),
        workspaceId,
        messageId: event.messageId ?? randomUUID(),
        name: event.name,
        ...(event.userId ? { userId: event.userId } : {}),
        ...(event.anonymousId ? { anonymousId: event.anonymousId } : {}),
        contactId: contactOf.get(contactKey(workspaceId, identities[position]!))!,
        properties: event.properties,
        timestamp: event.timestamp ?? at,
        ...(event.clientTimestamp ? { clientTimestamp: event.clientTimestamp } : {}),
        receivedAt: at,
        ...(event.context ? { context: event.context } : {}),
        // Nothing listens to these events: stored is done.
        processedAt: at,
      };
    });
    // The events first: which are new (a repeated messageId fails alone) decides what is counted.
    const duplicates = await skippingExisting(() => this.events.collection.insertMany(rows, { ordered: false }));
    const fresh = new Map<string, CountedEvent[]>();
    for (const [position, row] of rows.entries()) {
      if (duplicates.has(position)) continue;
      const counted = fresh.get(row.contactId) ?? [];
      counted.push({ name: row.name, at: row.timestamp, properties: row.properties });
      fresh.set(row.contactId, counted);
    }
    const counts = activityUpdates(fresh);
    // Then one write per contact: created with its first event, its last event moved on, its new events counted.
    const latest = new Map<string, { at: Date; identity: Identity }>();
    for (const [position, row] of rows.entries()) {
      const seen = latest.get(row.contactId);
      if (!seen || seen.at < row.timestamp) latest.set(row.contactId, { at: row.timestamp, identity: identities[position]! });
    }
    const upserts = [...latest].map(([contactId, { at, identity }]) => {
      const counted = counts.get(contactId);
      return {
        updateOne: {
          filter: { _id: contactId },
          update: {
            $setOnInsert: { workspaceId, traits: {}, tags: [], ...(identity.kind === 'user' ? { externalId: identity.value } : {}) },
            $addToSet: { identities: identity },
            $max: { lastEventAt: at, ...counted?.$max },
            ...(counted ? { $inc: counted.$inc, ...(counted.$min ? { $min: counted.$min } : {}) } : {}),
          },
          upsert: true,
        },
      };
    });
    // Mongoose casts the ids and the identity subdocuments; its types do not follow $addToSet into a subdocument array.
    const upsert = (ops: typeof upserts) => this.contacts.bulkWrite(ops as unknown as Parameters<Model<Contact>['bulkWrite']>[0], { ordered: false });
    // Two batches created the same new contact at once: the loser's upsert is an update now.
    const raced = await skippingExisting(() => upsert(upserts));
    if (raced.size) await upsert(upserts.filter((_, position) => raced.has(position)));
    const paths = await rescoreOrdered(this.contacts, workspaceId, counts);
    await this.changes.changed({ workspaceId, contactIds: [...counts.keys()], paths });
    return Promise.all(
      rows.map(async (row, position) => {
        const result = { index: calls[position]!.index, messageId: row.messageId, contactId: row.contactId };
        if (!duplicates.has(position)) return { ...result, eventId: String(row._id), duplicate: false };
        const first = await this.events.findOne({ workspaceId, messageId: row.messageId }, { _id: 1, contactId: 1 }).lean();
        return { ...result, eventId: String(first?._id), contactId: first?.contactId ?? row.contactId, duplicate: true };
      }),
    );
  }

  /** Each key's contact id: looked up, or claimed for a new contact (a key claimed meanwhile by another request is read back). */
  private async contactsOf(workspaceId: string, identities: Identity[]): Promise<Map<string, string>> {
    const unique = new Map(identities.map((identity) => [contactKey(workspaceId, identity), identity]));
    const keys = [...unique.keys()];
    const found = await keyOwners(this.contactKeys, keys);
    const missing = keys.filter((key) => !found.has(key));
    if (!missing.length) return found;
    const claims = missing.map((key) => ({ _id: key, workspaceId, kind: unique.get(key)!.kind, value: unique.get(key)!.value, contactId: new Types.ObjectId().toHexString() }));
    const lost = await skippingExisting(() => this.contactKeys.collection.insertMany(claims as never[], { ordered: false }));
    await Promise.all(
      claims.map(async (claim, position) => {
        if (!lost.has(position)) return found.set(claim._id, claim.contactId);
        const winner = await this.contactKeys.findById(claim._id, { contactId: 1 }).lean();
        if (!winner) throw new Error(`contact key ${claim._id} vanished while it was claimed`);
        return found.set(claim._id, winner.contactId);
      }),
    );
    return found;
  }
}
