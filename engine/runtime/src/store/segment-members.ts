import { Rule } from '@trellis/journey';
import { isObjectIdOrHexString, Model, Types } from 'mongoose';
import { Contact } from './contact.schema';
import { TrackedEvent } from './event.schema';
import { isOnlyDuplicateKeys } from './errors';
import { contactFilter, eventLookupsIn, Filter } from './rule-query';
import { membershipId, SegmentMembership } from './segment.schema';

export interface AudienceModels {
  contacts: Model<Contact>;
  events: Model<TrackedEvent>;
}

/** Contact ids are ObjectIds when we made them; events keep them as text. */
function asContactId(id: string): string | Types.ObjectId {
  return isObjectIdOrHexString(id) ? new Types.ObjectId(id) : id;
}

/**
 * The filter for the workspace's contacts the rule matches now (contacts merged into another
 * are that other one, so they are left out), its event queries run first. `scope` narrows it to
 * some contacts: a change re-evaluates only the contacts it touched. Native driver filters,
 * built by us: mongoose's filter sanitising is for filters that come from requests.
 */
export async function audienceFilter(models: AudienceModels, workspaceId: string, rule: Rule, nowMs: number, scope?: readonly string[]): Promise<Filter> {
  const found = new Map<Rule, unknown[]>();
  await Promise.all(
    eventLookupsIn(rule, nowMs).map(async (lookup) => {
      const match = { $and: [{ workspaceId }, ...(scope ? [{ contactId: { $in: scope } }] : []), lookup.events] };
      // One accumulator: FerretDB 1.x answers that (and gets two or more wrong).
      const counts = await models.events.collection.aggregate<{ _id: string; n: number }>([{ $match: match }, { $group: { _id: '$contactId', n: { $sum: 1 } } }]).toArray();
      found.set(lookup.rule, counts.filter((count) => count.n >= lookup.count).map((count) => asContactId(count._id)));
    }),
  );
  const filter = { $and: [{ workspaceId, mergedInto: null }, contactFilter(rule, nowMs, (inner) => found.get(inner) ?? [])] };
  // `_id` at the top, where FerretDB finds it and answers from the index.
  return scope ? { _id: { $in: scope.map(asContactId) }, ...filter } : filter;
}

export async function countAudience(models: AudienceModels, workspaceId: string, rule: Rule, nowMs: number): Promise<number> {
  return models.contacts.collection.countDocuments(await audienceFilter(models, workspaceId, rule, nowMs));
}

export async function sampleAudience(models: AudienceModels, workspaceId: string, rule: Rule, nowMs: number, limit: number) {
  return models.contacts.collection.find(await audienceFilter(models, workspaceId, rule, nowMs)).limit(limit).toArray();
}

/** Ids of the contacts the rule matches now, among `scope` when given. */
export async function audienceIds(models: AudienceModels, workspaceId: string, rule: Rule, nowMs: number, scope?: readonly string[]): Promise<string[]> {
  if (scope && !scope.length) return [];
  const docs = await models.contacts.collection.find(await audienceFilter(models, workspaceId, rule, nowMs, scope), { projection: { _id: 1 } }).toArray();
  return docs.map((doc) => String(doc._id));
}

export interface MembershipChanges {
  entered: string[];
  left: string[];
}

/**
 * Brings the segment's memberships in line with who matches now: contacts matching and not
 * inside enter, contacts inside and no longer matching leave, each marked `pending` until its
 * event is sent (`pendingAnnouncements`). `scope` limits the comparison to some contacts;
 * without it, every membership of the segment is compared.
 */
export async function reconcileMembers(
  memberships: Model<SegmentMembership>,
  workspaceId: string,
  segment: string,
  matching: readonly string[],
  scope: readonly string[] | undefined,
  now: Date,
): Promise<MembershipChanges> {
  const insideNow = scope
    ? await memberships.collection.find({ _id: { $in: scope.map((contactId) => membershipId(workspaceId, segment, contactId)) }, inside: true } as never, { projection: { contactId: 1 } }).toArray()
    : await memberships.collection.find({ workspaceId, segment, inside: true }, { projection: { contactId: 1 } }).toArray();
  const inside = new Set(insideNow.map((doc) => doc.contactId as string));
  const matches = new Set(matching);
  const entered = matching.filter((contactId) => !inside.has(contactId));
  const left = [...inside].filter((contactId) => !matches.has(contactId));
  const writes = [
    ...entered.map((contactId) => ({
      updateOne: {
        filter: { _id: membershipId(workspaceId, segment, contactId), inside: { $ne: true } },
        update: { $set: { workspaceId, segment, contactId, inside: true, enteredAt: now, pending: 'entered' }, $inc: { entries: 1 } },
        upsert: true,
      },
    })),
    ...left.map((contactId) => ({
      updateOne: { filter: { _id: membershipId(workspaceId, segment, contactId), inside: true }, update: { $set: { inside: false, leftAt: now, pending: 'left' } } },
    })),
  ];
  for (let start = 0; start < writes.length; start += 1000) {
    try {
      await memberships.collection.bulkWrite(writes.slice(start, start + 1000) as never, { ordered: false });
    } catch (error) {
      // An entry a concurrent pass wrote first (its upsert found the contact inside already): theirs stands.
      if (!isOnlyDuplicateKeys(error)) throw error;
    }
  }
  return { entered, left };
}

export type PendingAnnouncement = Pick<SegmentMembership, 'contactId' | 'entries' | 'pending'> & { _id: string };

/** Entries and exits whose events are still to be sent: of these contacts, or of the whole segment. */
export async function pendingAnnouncements(memberships: Model<SegmentMembership>, workspaceId: string, segment: string, contactIds?: readonly string[]): Promise<PendingAnnouncement[]> {
  const filter = contactIds
    ? { _id: { $in: contactIds.map((contactId) => membershipId(workspaceId, segment, contactId)) }, pending: { $ne: null } }
    : { workspaceId, segment, pending: { $ne: null } };
  if (contactIds && !contactIds.length) return [];
  return (await memberships.collection.find(filter as never, { projection: { contactId: 1, entries: 1, pending: 1 } }).toArray()) as unknown as PendingAnnouncement[];
}

/** The announcement was sent: clear it, unless the membership moved on meanwhile (then that change is pending). */
export async function markAnnounced(memberships: Model<SegmentMembership>, announcement: PendingAnnouncement): Promise<void> {
  await memberships.collection.updateOne({ _id: announcement._id, pending: announcement.pending, entries: announcement.entries } as never, { $unset: { pending: '' } });
}
