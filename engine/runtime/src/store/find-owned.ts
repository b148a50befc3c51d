import { isObjectIdOrHexString, Model, mongo, Types } from 'mongoose';
import { driverCollection } from './driver-collection';

/**
 * The workspace's document with this id, or undefined when there is none: an id that cannot be
 * an ObjectId (ids arrive as strings from workflows and requests), a missing document and another
 * workspace's document all name nothing here. One lookup by `_id` and workspace: MongoDB and our
 * FerretDB build (see `id-pushdown` in scripts/lib/toolchain.ts) both answer it from the `_id` index.
 */
export async function findOwned<T extends { workspaceId: string }>(
  model: Model<T>,
  workspaceId: string,
  id: string,
  projection?: Record<string, 1>,
): Promise<T | undefined> {
  if (!isObjectIdOrHexString(id)) return undefined;
  const found = await driverCollection(model).findOne({ _id: new Types.ObjectId(id), workspaceId } as mongo.Filter<T>, projection ? { projection } : {});
  return (found as T | null) ?? undefined;
}
