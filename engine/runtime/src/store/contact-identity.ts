import { isObjectIdOrHexString, Model, trusted, Types } from 'mongoose';
import { mergedActivityUpdate, rescoreRfm } from './contact-activity';
import { ContactKey, contactKey } from './contact-key.schema';
import { driverCollection } from './driver-collection';
import { Contact, stamped } from './contact.schema';
import { isDuplicateKeyError } from './errors';
import { Identity, normalizeIdentity, sameIdentity } from './identity';

interface IdentityModels {
  contacts: Model<Contact>;
  contactKeys: Model<ContactKey>;
}

export type ContactDoc = Contact & { _id: Types.ObjectId };

/** Merges are chains at most this long in practice; a longer one is a bug, not data. */
const maxMergeHops = 10;

/** The contact `id` names now: itself, or the one it was merged into. */
export async function liveContact(models: IdentityModels, id: string): Promise<ContactDoc | undefined> {
  const byId = async (contactId: string) => (isObjectIdOrHexString(contactId) ? ((await driverCollection(models.contacts).findOne({ _id: new Types.ObjectId(contactId) })) as ContactDoc | null) : null);
  let doc = await byId(id);
  for (let hop = 0; doc?.mergedInto && hop < maxMergeHops; hop++) doc = await byId(doc.mergedInto);
  return doc ?? undefined;
}

/** Ids looked up in one `_id: { $in }` query: our FerretDB build answers up to 1,000 from the index (`id-in-pushdown` in scripts/lib/toolchain.ts). */
export const maxIdsPerQuery = 1_000;

/** Each of these keys' contact id, for the keys that exist: a query per 1,000 keys, however many there are. */
export async function keyOwners(contactKeys: Model<ContactKey>, keys: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(keys)];
  const owners = new Map<string, string>();
  for (let start = 0; start < unique.length; start += maxIdsPerQuery) {
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const found = await contactKeys.find({ _id: trusted({ $in: unique.slice(start, start + maxIdsPerQuery) }) }, { contactId: 1 }).lean();
    for (const key of found) owners.set(key._id, key.contactId);
  }
  return owners;
}

/** The contact a workspace knows by this identity, if any (following merges). */
export async function findContactByIdentity(models: IdentityModels, workspaceId: string, identity: Identity): Promise<ContactDoc | undefined> {
  const key = await models.contactKeys.findById(contactKey(workspaceId, normalizeIdentity(identity))).lean();
  return key ? liveContact(models, key.contactId) : undefined;
}

/** The contact a workspace knows by this external (user) id, if any. */
export function findContactByExternalId(models: IdentityModels, workspaceId: string, externalId: string) {
  return findContactByIdentity(models, workspaceId, { kind: 'user', value: externalId });
}

/** Whether the contact has a user id: a known person, never merged into another. */
const knownBy = (doc: ContactDoc | undefined) => Boolean(doc?.externalId) || (doc?.identities?.some((identity) => identity.kind === 'user') ?? false);

/**
 * The one contact these identities name, created if none does, with every identity linked to it.
 * When they name several contacts, the anonymous ones (no user id) are merged into the one kept:
 * the contact of the user id if one was given, else the first known one, else the first found.
 * Two contacts with different user ids are different people and are never merged; an identity
 * that already belongs to such another person stays theirs.
 *
 * Without transactions, agreement comes from `contact_keys`' unique `_id`: a key claimed by a
 * racing request makes this one look again.
 */
export async function resolveContact(models: IdentityModels, workspaceId: string, given: readonly Identity[], eventAt?: Date): Promise<ContactDoc> {
  return (await resolveContactWith(models, workspaceId, given, eventAt, async () => ({ value: undefined }))).contact;
}

/**
 * `resolveContact`, with `settle` called once the contact's id is known and before the contact
 * is written: what must carry that id (the event) is stored there, and the update it returns
 * (the event's counts, an identify's traits) goes into the same write as the rest.
 */
export async function resolveContactWith<T>(
  models: IdentityModels,
  workspaceId: string,
  given: readonly Identity[],
  eventAt: Date | undefined,
  settle: (contactId: string) => Promise<{ value: T; update?: ContactUpdate }>,
): Promise<{ contact: ContactDoc; value: T }> {
  if (!given.length) throw new Error('resolveContact needs at least one identity');
  const identities = given.map(normalizeIdentity).filter((identity, index, all) => all.findIndex((other) => sameIdentity(other, identity)) === index);
  for (let round = 0; ; round++) {
    const keys = await Promise.all(identities.map((identity) => driverCollection(models.contactKeys).findOne({ _id: contactKey(workspaceId, identity) })));
    const owners = await Promise.all(keys.map((key) => (key ? liveContact(models, key.contactId) : undefined)));
    const userAt = identities.findIndex((identity) => identity.kind === 'user');
    const found = owners.filter((owner): owner is ContactDoc => owner !== undefined);
    let kept: ContactDoc | undefined;
    let targetId: string | undefined;
    if (userAt >= 0 && keys[userAt]) {
      // A known person: their contact (whose document may not exist yet if its creator stopped short).
      kept = owners[userAt];
      targetId = keys[userAt].contactId;
    } else if (userAt >= 0) {
      // A new user id: it adopts the anonymous contact its other ids name, if any.
      kept = found.find((owner) => !knownBy(owner));
    } else {
      kept = found.find(knownBy) ?? found[0];
      // A key whose contact was never written still names that id.
      targetId = kept ? undefined : keys.find((key) => key)?.contactId;
    }
    targetId = kept ? String(kept._id) : (targetId ?? new Types.ObjectId().toHexString());
    const targetKnown = knownBy(kept) || userAt >= 0;

    // Identities already someone else's (another known person) stay theirs.
    const theirs = (index: number) => {
      const owner = owners[index];
      return owner !== undefined && String(owner._id) !== targetId && knownBy(owner) && targetKnown;
    };
    const losers = new Map<string, ContactDoc>();
    for (const [index, owner] of owners.entries()) if (owner && String(owner._id) !== targetId && !theirs(index)) losers.set(String(owner._id), owner);
    for (const loser of losers.values()) await mergeInto(models, workspaceId, loser, targetId);

    const mine = identities.filter((_, index) => !theirs(index));
    // Keys naming a contact that was never written (its creator stopped short) come to this one.
    await Promise.all(
      keys.map((key, index) =>
        key && !owners[index] && key.contactId !== targetId ? models.contactKeys.updateOne({ _id: key._id, contactId: key.contactId }, { $set: { contactId: targetId } }) : undefined,
      ),
    );
    // The user id's key first: a request that loses that race looks again before claiming more.
    const claims = identities.filter((_, index) => !keys[index] && !theirs(index)).sort((a, b) => Number(b.kind === 'user') - Number(a.kind === 'user'));
    let raced = false;
    for (const identity of claims) {
      try {
        await driverCollection(models.contactKeys).insertOne({ _id: contactKey(workspaceId, identity), workspaceId, kind: identity.kind, value: identity.value, contactId: targetId });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        raced = true;
        break;
      }
    }
    // Another request claimed a key first: look again, at most a few times.
    if (raced && round < 3) continue;
    const user = mine.find((identity) => identity.kind === 'user');
    const settled = await settle(targetId);
    const write = () =>
      driverCollection(models.contacts).findOneAndUpdate(
        { _id: new Types.ObjectId(targetId) },
        stamped(
          withUpdate(
            {
              $setOnInsert: { workspaceId, traits: {}, tags: [] },
              $addToSet: { identities: { $each: mine } },
              ...(user && !kept?.externalId ? { $set: { externalId: user.value } } : {}),
              ...(eventAt ? { $max: { lastEventAt: eventAt } } : {}),
            },
            settled.update,
          ),
        ),
        { upsert: true, returnDocument: 'after' },
      );
    // Two first events of one person upsert the same new contact at once: the one whose insert
    // lost finds the contact there when it tries again. (The event is stored already; giving up
    // here would lose its counts for good.)
    const contact = await write().catch((error: unknown) => {
      if (isDuplicateKeyError(error)) return write();
      throw error;
    });
    if (!contact) throw new Error(`contact ${targetId} vanished while it was being written`);
    return { contact: contact as ContactDoc, value: settled.value };
  }
}

/** Update operators on a contact, each a map of dotted paths. */
export type ContactUpdate = Partial<Record<'$set' | '$inc' | '$min' | '$max', Record<string, unknown>>>;

/** Two updates as one, operator by operator (the second's value wins for a path both set). */
export function mergeUpdates<U extends Partial<Record<string, Record<string, unknown>>>>(a: U, b: U): U {
  const merged: Partial<Record<string, Record<string, unknown>>> = { ...a };
  for (const [operator, paths] of Object.entries(b)) merged[operator] = { ...merged[operator], ...paths };
  return merged as U;
}

/**
 * The two updates as one. A path set under `more` wins over `$setOnInsert`'s default for the
 * same field, which one update may not touch twice (`traits.plan` and the new contact's `traits`).
 */
function withUpdate(base: Record<string, Record<string, unknown>>, more: ContactUpdate | undefined): Record<string, Record<string, unknown>> {
  if (!more) return base;
  const merged = mergeUpdates(base, more);
  const written = Object.values(more).flatMap((paths) => Object.keys(paths));
  const defaults = Object.entries(merged.$setOnInsert ?? {}).filter(([field]) => !written.some((path) => path === field || path.startsWith(`${field}.`)));
  merged.$setOnInsert = Object.fromEntries(defaults);
  return merged;
}

/**
 * Folds an anonymous contact into the one kept: its identities, tags, traits the kept contact
 * lacks, and the record that it was merged (its enrolments and events stay under its own id and
 * are read through `mergedFrom`). The loser is marked first, so concurrent readers follow it.
 */
async function mergeInto(models: IdentityModels, workspaceId: string, loser: ContactDoc, targetId: string): Promise<void> {
  const loserId = String(loser._id);
  const claimed = (await models.contacts.findOneAndUpdate({ _id: loserId, workspaceId, mergedInto: null }, { $set: { mergedInto: targetId } }, { new: true }).lean()) as ContactDoc | null;
  // Merged by a racing request already: whoever did it moves its keys.
  if (!claimed) return;
  await Promise.all((claimed.identities ?? []).map((identity) => models.contactKeys.updateOne({ _id: contactKey(workspaceId, identity as Identity) }, { $set: { contactId: targetId } })));
  const target = (await models.contacts.findById(targetId, { traits: 1, lifecycleStage: 1, timezone: 1 }).lean()) as ContactDoc | null;
  // Its events are the person's: their counts and order totals join the kept contact's.
  const activity = mergedActivityUpdate(claimed);
  const latest = { ...(claimed.lastEventAt ? { lastEventAt: claimed.lastEventAt } : {}), ...activity?.$max };
  const targetTraits = (target?.traits ?? {}) as Record<string, unknown>;
  const $set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((claimed.traits ?? {}) as Record<string, unknown>)) if (!(key in targetTraits)) $set[`traits.${key}`] = value;
  if (claimed.lifecycleStage && !target?.lifecycleStage) $set.lifecycleStage = claimed.lifecycleStage;
  if (claimed.timezone && !target?.timezone) $set.timezone = claimed.timezone;
  await models.contacts.updateOne(
    { _id: targetId },
    {
      $setOnInsert: { workspaceId },
      ...(Object.keys($set).length ? { $set } : {}),
      $addToSet: {
        identities: { $each: claimed.identities ?? [] },
        tags: { $each: claimed.tags ?? [] },
        mergedFrom: { $each: [loserId, ...(claimed.mergedFrom ?? [])] },
      },
      ...(activity ? { $inc: activity.$inc, ...(activity.$min ? { $min: activity.$min } : {}) } : {}),
      ...(Object.keys(latest).length ? { $max: latest } : {}),
    },
    { upsert: true },
  );
  if (activity && 'computed.ordersCount' in activity.$inc) await rescoreRfm(models.contacts, workspaceId, [targetId]);
}

/** The contact an event is about (by the sender's user id), created on its first event, with its last-event time moved on. */
export function touchContact(models: IdentityModels, workspaceId: string, externalId: string, eventAt: Date) {
  return resolveContact(models, workspaceId, [{ kind: 'user', value: externalId }], eventAt);
}
