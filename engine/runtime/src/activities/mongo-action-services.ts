import { ApplicationFailure } from '@temporalio/common';
import { ActionServices } from '@trellis/nodes';
import { isObjectIdOrHexString, trusted, Types, UpdateQuery } from 'mongoose';
import { Contact } from '../store/contact.schema';
import { driverCollection } from '../store/driver-collection';
import { createHash } from 'node:crypto';
import { RuntimeModels } from '../store/models';

function contactNotFound(contactId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`contact ${contactId} does not exist`, 'ContactNotFound');
}

type Update = UpdateQuery<Contact>;

/** The update with `updatedAt` moved on, as mongoose's timestamps would (these writes go through the driver). */
function touched(update: Update): Update {
  return { ...update, $set: { ...update.$set, updatedAt: new Date() } };
}

/**
 * The contact services actions use, backed by MongoDB. Every write is filtered by the contact's
 * `_id` and workspace, and returns what the action reports in the same command: one round trip,
 * answered from the `_id` index (see `findOwned`).
 */
export function mongoActionServices(models: RuntimeModels): ActionServices {
  /**
   * Applies the updates in order and returns the contact after the last (at least `projection`).
   * A contact merged into another since the enrolment began is that person now: the updates go
   * to them too (the merged-away document is left behind, unread).
   */
  async function applyInOrder(
    workspaceId: string,
    contactId: string,
    updates: readonly { filter?: Record<string, unknown>; update: Update }[],
    projection: Record<string, 1>,
    hops = 0,
  ): Promise<Contact & { mergedInto?: string | null }> {
    if (!isObjectIdOrHexString(contactId)) throw contactNotFound(contactId);
    const contacts = driverCollection(models.contacts);
    const owned = { _id: new Types.ObjectId(contactId), workspaceId };
    const last = updates[updates.length - 1];
    for (const { filter, update } of updates.slice(0, -1)) await contacts.updateOne({ ...owned, ...filter }, touched(update));
    // The whole document: FerretDB 1.x does not project findAndModify's result.
    const changed = last && (await contacts.findOneAndUpdate({ ...owned, ...last.filter }, touched(last.update), { returnDocument: 'after' }));
    // No update, or one whose filter no longer matches (a retried increment): read the contact as it is.
    const contact = changed ?? (await contacts.findOne(owned, { projection: { ...projection, mergedInto: 1 } }));
    if (!contact) throw contactNotFound(contactId);
    if (contact.mergedInto && hops < 10) return applyInOrder(workspaceId, contact.mergedInto, updates, projection, hops + 1);
    return contact;
  }

  return {
    contacts: {
      async updateTags(workspaceId, contactId, change) {
        // Two updates because one update may not touch the same field twice. $pullAll rather
        // than $pull with $in: FerretDB 1.x ignores the latter without an error. Both are
        // idempotent, so a retry needs no marker.
        const updates: { update: Update }[] = [];
        if (change.add.length) updates.push({ update: { $addToSet: { tags: { $each: [...change.add] } } } });
        if (change.remove.length) updates.push({ update: { $pullAll: { tags: [...change.remove] } } });
        const contact = await applyInOrder(workspaceId, contactId, updates, { tags: 1 });
        return contact.tags ?? [];
      },

      async updateProfile(workspaceId, contactId, change, idempotencyKey) {
        const $set: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(change.set)) $set[`traits.${key}`] = value;
        if (change.lifecycleStage) $set['lifecycleStage'] = change.lifecycleStage;
        const $inc = Object.fromEntries(Object.entries(change.increment).map(([key, amount]) => [`traits.${key}`, amount]));
        const $unset = Object.fromEntries(change.unset.map((key) => [`traits.${key}`, '']));
        const increments = Object.keys($inc).length > 0;
        let filter: Record<string, unknown> = {};
        if (increments) {
          // Setting and unsetting are idempotent; an increment is not. It goes in one atomic update
          // with a marker of its key that only matches while the marker is absent, so a retried
          // increment counts once, without transactions.
          const marker = `appliedUpdates.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
          $set[marker] = new Date();
          // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
          filter = { [marker]: trusted({ $exists: false }) };
        }
        const update = {
          ...(Object.keys($set).length ? { $set } : {}),
          ...(increments ? { $inc } : {}),
          ...(Object.keys($unset).length ? { $unset } : {}),
        };
        const contact = await applyInOrder(workspaceId, contactId, Object.keys(update).length ? [{ filter, update }] : [], { traits: 1, lifecycleStage: 1 });
        const traits = (contact.traits ?? {}) as Record<string, unknown>;
        const changed = [...Object.keys(change.set), ...Object.keys(change.increment), ...change.unset];
        return {
          traits: Object.fromEntries(changed.map((key) => [key, traits[key] ?? null])),
          ...(change.lifecycleStage ? { lifecycleStage: change.lifecycleStage } : {}),
        };
      },
    },
  };
}
