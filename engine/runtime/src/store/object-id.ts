import { isObjectIdOrHexString } from 'mongoose';

/**
 * Whether `id` can name a document keyed by an ObjectId. Ids arrive as strings from workflows
 * and requests; one that cannot be an ObjectId names nothing, which is not a reason to throw.
 */
export function isObjectId(id: string): boolean {
  return isObjectIdOrHexString(id);
}
