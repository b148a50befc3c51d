import { Model, Types } from 'mongoose';
import { ContactKey, contactKey } from './contact-key.schema';
import { Contact } from './contact.schema';
import { isDuplicateKeyError } from './errors';

interface IdentityModels {
  contacts: Model<Contact>;
  contactKeys: Model<ContactKey>;
}

/** The contact a workspace knows by this external id, if any: two lookups by `_id`. */
export async function findContactByExternalId(models: IdentityModels, workspaceId: string, externalId: string) {
  const key = await models.contactKeys.findById(contactKey(workspaceId, externalId)).lean();
  return key ? ((await models.contacts.findById(key.contactId).lean()) ?? undefined) : undefined;
}

/**
 * The contact an event is about, created on its first event, with its last-event time moved on.
 * Racing first events of one person agree on one contact id through the key's unique `_id`;
 * the contact itself is then upserted by that id, which both may do.
 */
export async function touchContact(models: IdentityModels, workspaceId: string, externalId: string, eventAt: Date) {
  const _id = contactKey(workspaceId, externalId);
  let contactId = (await models.contactKeys.findById(_id).lean())?.contactId;
  if (!contactId) {
    const candidate = new Types.ObjectId().toHexString();
    try {
      await models.contactKeys.create({ _id, workspaceId, contactId: candidate });
      contactId = candidate;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await models.contactKeys.findById(_id).lean();
      if (!winner) throw error;
      contactId = winner.contactId;
    }
  }
  const contact = await models.contacts
    .findByIdAndUpdate(
      contactId,
      { $setOnInsert: { workspaceId, externalId, traits: {}, tags: [] }, $max: { lastEventAt: eventAt } },
      { upsert: true, new: true },
    )
    .lean();
  if (!contact) throw new Error(`contact ${contactId} vanished while it was being written`);
  return contact;
}
