import { isObjectIdOrHexString, Model } from 'mongoose';

/**
 * The workspace's document with this id, or undefined when there is none: an id that cannot be
 * an ObjectId (ids arrive as strings from workflows and requests), a missing document and another
 * workspace's document all name nothing here. The lookup is by `_id` alone, the one filter
 * FerretDB's SQLite backend answers without scanning the collection; the workspace is checked
 * on the document.
 */
export async function findOwned<T extends { workspaceId: string }>(
  model: Model<T>,
  workspaceId: string,
  id: string,
  projection?: Record<string, 1>,
): Promise<T | undefined> {
  if (!isObjectIdOrHexString(id)) return undefined;
  const doc = await model.findById(id, projection && { ...projection, workspaceId: 1 }).lean<T>();
  return doc?.workspaceId === workspaceId ? doc : undefined;
}
