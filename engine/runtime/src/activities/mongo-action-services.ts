import { ApplicationFailure } from '@temporalio/common';
import { ActionServices } from '@trellis/nodes';
import { trusted } from 'mongoose';
import { createHash } from 'node:crypto';
import { RuntimeModels } from '../store/models';
import { findOwned } from '../store/find-owned';

function contactNotFound(contactId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`contact ${contactId} does not exist`, 'ContactNotFound');
}

/**
 * The contact services actions use, backed by MongoDB. Filters are by `_id` alone wherever the
 * update allows (the workspace checked on the document read first): FerretDB's SQLite backend
 * scans the collection for any other filter.
 */
export function mongoActionServices(models: RuntimeModels): ActionServices {
  async function ownedContact(workspaceId: string, contactId: string) {
    if (!(await findOwned(models.contacts, workspaceId, contactId, { _id: 1 }))) throw contactNotFound(contactId);
  }

  return {
    contacts: {
      async updateTags(workspaceId, contactId, change) {
        await ownedContact(workspaceId, contactId);
        // Two updates because one update may not touch the same field twice. $pullAll rather
        // than $pull with $in: FerretDB 1.x ignores the latter without an error. Both are
        // idempotent, so a retry needs no marker.
        if (change.add.length) {
          await models.contacts.updateOne({ _id: contactId }, { $addToSet: { tags: { $each: [...change.add] } } });
        }
        if (change.remove.length) {
          await models.contacts.updateOne({ _id: contactId }, { $pullAll: { tags: [...change.remove] } });
        }
        const contact = await models.contacts.findById(contactId, { tags: 1 }).lean();
        if (!contact) throw contactNotFound(contactId);
        return contact.tags ?? [];
      },

      async updateProfile(workspaceId, contactId, change, idempotencyKey) {
        await ownedContact(workspaceId, contactId);
        const $set: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(change.set)) $set[`traits.${key}`] = value;
        if (change.lifecycleStage) $set['lifecycleStage'] = change.lifecycleStage;
        const $inc = Object.fromEntries(Object.entries(change.increment).map(([key, amount]) => [`traits.${key}`, amount]));
        const $unset = Object.fromEntries(change.unset.map((key) => [`traits.${key}`, '']));
        const increments = Object.keys($inc).length > 0;
        let filter: Record<string, unknown> = { _id: contactId };
        if (increments) {
          // Setting and unsetting are idempotent; an increment is not. It goes in one atomic update
          // with a marker of its key that only matches while the marker is absent, so a retried
          // increment counts once, without transactions.
          const marker = `appliedUpdates.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
          $set[marker] = new Date();
          // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
          filter = { _id: contactId, [marker]: trusted({ $exists: false }) };
        }
        const update = {
          ...(Object.keys($set).length ? { $set } : {}),
          ...(increments ? { $inc } : {}),
          ...(Object.keys($unset).length ? { $unset } : {}),
        };
        if (Object.keys(update).length) await models.contacts.updateOne(filter, update);
        const contact = await models.contacts.findById(contactId, { traits: 1, lifecycleStage: 1 }).lean();
        if (!contact) throw contactNotFound(contactId);
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
