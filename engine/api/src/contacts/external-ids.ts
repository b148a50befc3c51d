import { Contact } from '@trellis/runtime';
import { isObjectIdOrHexString, Model, trusted } from 'mongoose';

/**
 * The user ids (`externalId`) of contacts known by their internal id, for lists that link to a
 * contact (the contacts API addresses contacts by user id). One read by `_id`, which every
 * store serves from its primary index; anonymous contacts map to null.
 */
export async function externalIdsOf(contacts: Model<Contact>, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, string | null>> {
  const ids = [...new Set(contactIds.filter((id) => isObjectIdOrHexString(id)))];
  if (ids.length === 0) return new Map();
  // trusted(): our own ids, which sanitizeFilter would otherwise neutralise.
  const docs = await contacts.find({ _id: trusted({ $in: ids }), workspaceId }, { externalId: 1 }).lean();
  return new Map(docs.map((doc) => [String(doc._id), doc.externalId ?? null]));
}
