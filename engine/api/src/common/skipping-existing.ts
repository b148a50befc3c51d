import { isDuplicateKeyError } from '@trellis/runtime';
import { mongo } from 'mongoose';

/**
 * Runs an unordered bulk write and returns the positions it skipped because their documents exist
 * already (a repeated messageId, a key or contact a racing request made); any other failure fails it.
 */
export async function skippingExisting(write: () => Promise<unknown>): Promise<Set<number>> {
  try {
    await write();
    return new Set();
  } catch (error) {
    if (!(error instanceof mongo.MongoBulkWriteError)) throw error;
    const failures = [error.writeErrors].flat();
    if (!failures.every(isDuplicateKeyError)) throw error;
    return new Set(failures.map((failure) => failure.index));
  }
}
