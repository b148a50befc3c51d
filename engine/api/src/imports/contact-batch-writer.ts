import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Contact, ContactKey, contactKey, Identity, isDuplicateKeyError, keyOwners, maxIdsPerQuery, normalizeIdentity, resolveContact } from '@trellis/runtime';
import { Model, Types } from 'mongoose';
import { isDeepStrictEqual } from 'node:util';
import { skippingExisting } from '../common/skipping-existing';
import { ImportRow } from './import-mapping';


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
    const keyed = (identity: Identity) => contactKey(workspaceId, identity);
    const owners = await keyOwners(this.contactKeys, identities.flat().map(keyed));

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

    const existing = await this.currentOf(contactOf as string[]);
    const now = new Date();
    const paths = new Set<string>();
    const changedIds = new Set<string>();
    // A file naming one person twice ends with its later row: each row is compared with what the rows before it left.
    const writes = rows.flatMap((row, index) => {
      const contactId = contactOf[index]!;
      const $set = fieldsOf(row, identities[index]!);
      const before = existing.get(contactId);
      const changes = before ? changesTo(before, $set, identities[index]!, row.tags) : { paths: [...Object.keys($set), ...(row.tags.length ? ['tags'] : [])], any: true };
      if (!changes.any) return [];
      for (const path of changes.paths) paths.add(path);
      changedIds.add(contactId);
      if (before) applyTo(before, $set, identities[index]!, row.tags);
      return [
        {
          updateOne: {
            filter: { _id: new Types.ObjectId(contactId) },
            update: {
              $setOnInsert: { workspaceId, createdAt: now },
              $set: { ...$set, updatedAt: now },
              $addToSet: { identities: { $each: identities[index]! }, ...(row.tags.length ? { tags: { $each: row.tags } } : {}) },
            },
            upsert: true,
          },
        },
      ];
    });
    if (!writes.length) return { created: 0, updated: 0, unchanged: rows.length, contactIds: [], paths: [] };
    // Native driver: the update is exactly the one above (mongoose would cast and re-stamp it). In
    // order, for the file's order. A contact a racing event created meanwhile fails its upsert once;
    // the retry finds it.
    const bulk = () => this.contacts.collection.bulkWrite(writes as never, { ordered: true });
    const result = await bulk().catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
      return bulk();
    });
    const created = result.upsertedCount;
    const updated = writes.length - created;
    return { created, updated, unchanged: rows.length - writes.length, contactIds: [...changedIds], paths: [...paths] };
  }

  /** The fields an import writes, of the contacts that exist, by id: what a row is compared with. */
  private async currentOf(contactIds: readonly string[]): Promise<Map<string, Current>> {
    const ids = [...new Set(contactIds)].map((id) => new Types.ObjectId(id));
    const current = new Map<string, Current>();
    for (let start = 0; start < ids.length; start += maxIdsPerQuery) {
      const found = await this.contacts.collection
        .find({ _id: { $in: ids.slice(start, start + maxIdsPerQuery) } }, { projection: { traits: 1, subscriptions: 1, timezone: 1, lifecycleStage: 1, externalId: 1, identities: 1, tags: 1 } })
        .toArray();
      for (const contact of found) current.set(String(contact._id), contact as unknown as Current);
    }
    return current;
  }
}

/** A contact as an import sees it. */
interface Current {
  traits?: Record<string, unknown>;
  subscriptions?: Record<string, unknown>;
  timezone?: string;
  lifecycleStage?: string;
  externalId?: string;
  identities?: Identity[];
  tags?: string[];
}

/** The row's fields as `$set` paths. */
function fieldsOf(row: ImportRow, identities: readonly Identity[]): Record<string, unknown> {
  const $set: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row.traits)) $set[`traits.${name}`] = value;
  for (const [channel, state] of Object.entries(row.subscriptions)) $set[`subscriptions.${channel}`] = state;
  if (row.timezone) $set.timezone = row.timezone;
  if (row.lifecycleStage) $set.lifecycleStage = row.lifecycleStage;
  const user = identities.find((identity) => identity.kind === 'user');
  if (user) $set.externalId = user.value;
  return $set;
}

function valueAt(contact: Current, path: string): unknown {
  return path.split('.').reduce<unknown>((value, part) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined), contact);
}

const hasIdentity = (contact: Current, identity: Identity) => (contact.identities ?? []).some((own) => own.kind === identity.kind && own.value === identity.value);

/** Which of the contact's fields the row would change (dates compare by time, as stored). */
function changesTo(contact: Current, $set: Record<string, unknown>, identities: readonly Identity[], tags: readonly string[]): { paths: string[]; any: boolean } {
  const paths = Object.entries($set).flatMap(([path, value]) => (isDeepStrictEqual(valueAt(contact, path), value) ? [] : [path]));
  if (tags.some((tag) => !(contact.tags ?? []).includes(tag))) paths.push('tags');
  return { paths, any: paths.length > 0 || identities.some((identity) => !hasIdentity(contact, identity)) };
}

/** What the row leaves on the contact, for the rows after it that name the same person. */
function applyTo(contact: Current, $set: Record<string, unknown>, identities: readonly Identity[], tags: readonly string[]): void {
  for (const [path, value] of Object.entries($set)) {
    const parts = path.split('.');
    let target = contact as Record<string, unknown>;
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts.at(-1)!] = value;
  }
  contact.identities = [...(contact.identities ?? []), ...identities.filter((identity) => !hasIdentity(contact, identity))];
  contact.tags = [...new Set([...(contact.tags ?? []), ...tags])];
}
