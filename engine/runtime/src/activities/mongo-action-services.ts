import { ApplicationFailure } from '@temporalio/common';
import { ActionServices } from '@trellis/nodes';
import { trusted } from 'mongoose';
import { createHash } from 'node:crypto';
import { RuntimeModels } from '../store/models';

function contactNotFound(contactId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`contact ${contactId} does not exist`, 'ContactNotFound');
}

/** The contact services actions use, backed by MongoDB. */
export function mongoActionServices(models: RuntimeModels): ActionServices {
  return {
    contacts: {
      async updateTags(workspaceId, contactId, change) {
        const filter = { _id: contactId, workspaceId };
        // Two updates because one update may not touch the same field twice. $pullAll rather
        // than $pull with $in: FerretDB 1.x ignores the latter without an error.
        if (change.add.length) {
          await models.contacts.updateOne(filter, { $addToSet: { tags: { $each: [...change.add] } } });
        }
        if (change.remove.length) {
          await models.contacts.updateOne(filter, { $pullAll: { tags: [...change.remove] } });
        }
        const contact = await models.contacts.findOne(filter, { tags: 1 }).lean();
        if (!contact) throw contactNotFound(contactId);
        return contact.tags ?? [];
      },

      async updateProfile(workspaceId, contactId, change, idempotencyKey) {
        const filter = { _id: contactId, workspaceId };
        // The change and a marker of its key go in one atomic update that only matches while the
        // marker is absent, so a retried increment counts once, without transactions.
        const marker = `appliedUpdates.${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}`;
        const $set: Record<string, unknown> = { [marker]: new Date() };
        for (const [key, value] of Object.entries(change.set)) $set[`traits.${key}`] = value;
        if (change.lifecycleStage) $set['lifecycleStage'] = change.lifecycleStage;
        const $inc = Object.fromEntries(Object.entries(change.increment).map(([key, amount]) => [`traits.${key}`, amount]));
        const $unset = Object.fromEntries(change.unset.map((key) => [`traits.${key}`, '']));
        await models.contacts.updateOne(
          // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
          { ...filter, [marker]: trusted({ $exists: false }) },
          { $set, ...(Object.keys($inc).length ? { $inc } : {}), ...(Object.keys($unset).length ? { $unset } : {}) },
        );
        const contact = await models.contacts.findOne(filter, { traits: 1, lifecycleStage: 1 }).lean();
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
