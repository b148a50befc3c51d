import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Contact, ContactKey, contactKey, Identity, isDuplicateKeyError, normalizeIdentity, resolveContact } from '@trellis/runtime';
import { Model, trusted, Types } from 'mongoose';
import { skippingExisting } from '../common/skipping-existing';
import { ImportRow } from './import-mapping';

/** Keys looked up in one command (FerretDB's pushdown takes up to 1,000 ids). */
const maxKeysPerLookup = 1_000;

export interface BatchOutcome {
  created: number;
  updated: number;
  unchanged: number;
  contactIds: string[];
  /** Contact fields the batch wrote (what segments reading them must look at again). */
  paths: string[];
}

/**
 * Writes a batch of import rows onto contacts with a command per step, not per row: every key
 * looked up at once, new people's keys claimed in one insert, every contact written in one bulk
 * upsert. A row whose ids meet other contacts (a merge to decide, an id another row of the batch
 * also names, a key claimed meanwhile) goes through `resolveContact` alone, as an event would.
 * Writing the same rows again changes nothing.
 */
@Injectable()
export class ContactBatchWriter {
  constructor(
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    @InjectModel('ContactKey') private readonly contactKeys: Model<ContactKey>,
  ) {}

  async write(workspaceId: string, rows: readonly ImportRow[]): Promise<BatchOutcome> {
    const identities = rows.map((row) => row.identities.map(normalizeIdentity));
    const owners = await this.ownersOf(workspaceId, identities.flat());
    const keyed = (identity: Identity) => contactKey(workspaceId, identity);

    // A key two rows of the batch share: the later row waits for the earlier one's contact.
    const firstRowOf = new Map<string, number>();
    const contactOf: (string | undefined)[] = [];
    const alone: number[] = [];
    const claims: { _id: string; workspaceId: string; kind: string; value: string; contactId: string; row: number }[] = [];
    for (const [index, ids] of identities.entries()) {
      const keys = ids.map(keyed);
      const shared = keys.some((key) => firstRowOf.has(key));
      for (const key of keys) if (!firstRowOf.has(key)) firstRowOf.set(key, index);
      const found = new Set(keys.flatMap((key) => (owners.has(key) ? [owners.get(key)!] : [])));
      const allFound = keys.every((key) => owners.has(key));
      if (shared || found.size > 1 || (found.size === 1 && !allFound)) {
        alone.push(index);
        continue;
      }
      const contactId = found.size ? [...found][0]! : new Types.ObjectId().toHexString();
      contactOf[index] = contactId;
      if (!found.size) for (const identity of ids) claims.push({ _id: keyed(identity), workspaceId, kind: identity.kind, value: identity.value, contactId, row: index });
    }
    const lost = claims.length ? await skippingExisting(() => this.contactKeys.collection.insertMany(claims.map(({ row: _row, ...claim }) => claim) as never[], { ordered: false })) : new Set<number>();
    for (const position of lost) {
      const row = claims[position]!.row;
      if (contactOf[row] !== undefined) alone.push(row);
      contactOf[row] = undefined;
    }
    for (const index of alone) contactOf[index] = String((await resolveContact({ contacts: this.contacts, contactKeys: this.contactKeys }, workspaceId, identities[index]!))._id);

    const now = new Date();
    const paths = new Set<string>();
    const writes = rows.map((row, index) => {
      const $set: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(row.traits)) $set[`traits.${name}`] = value;
      for (const [channel, state] of Object.entries(row.subscriptions)) $set[`subscriptions.${channel}`] = state;
      if (row.timezone) $set.timezone = row.timezone;
      if (row.lifecycleStage) $set.lifecycleStage = row.lifecycleStage;
      const user = identities[index]!.find((identity) => identity.kind === 'user');
      if (user) $set.externalId = user.value;
      for (const path of Object.keys($set)) paths.add(path);
      if (row.tags.length) paths.add('tags');
      return {
        updateOne: {
          filter: { _id: new Types.ObjectId(contactOf[index]!) },
          update: {
            $setOnInsert: { workspaceId, createdAt: now, updatedAt: now },
            ...(Object.keys($set).length ? { $set } : {}),
            $addToSet: { identities: { $each: identities[index]! }, ...(row.tags.length ? { tags: { $each: row.tags } } : {}) },
          },
          upsert: true,
        },
      };
    });
    // Native driver: mongoose would stamp `updatedAt` on every row, and a re-import would change every
    // contact. In order, so a file naming one person twice ends with its later row. A contact a
    // racing event created meanwhile fails its upsert once; the retry finds it.
    const bulk = () => this.contacts.collection.bulkWrite(writes as never, { ordered: true });
    const result = await bulk().catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
      return bulk();
    });
    const created = result.upsertedCount;
    const updated = result.modifiedCount;
    return { created, updated, unchanged: rows.length - created - updated, contactIds: [...new Set(contactOf as string[])], paths: [...paths] };
  }

  /** Each key's contact id, for the keys that exist. */
  private async ownersOf(workspaceId: string, identities: readonly Identity[]): Promise<Map<string, string>> {
    const keys = [...new Set(identities.map((identity) => contactKey(workspaceId, identity)))];
    const owners = new Map<string, string>();
    for (let start = 0; start < keys.length; start += maxKeysPerLookup) {
      // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
      const found = await this.contactKeys.find({ _id: trusted({ $in: keys.slice(start, start + maxKeysPerLookup) }) }, { contactId: 1 }).lean();
      for (const key of found) owners.set(key._id, key.contactId);
    }
    return owners;
  }
}
