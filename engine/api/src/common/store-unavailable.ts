import { mongo } from 'mongoose';

/**
 * Whether a database error is an outage a retry can outlive: the server is unreachable, or (the
 * embedded FerretDB on SQLite) a write waited too long for the database lock.
 */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof mongo.MongoNetworkError || error instanceof mongo.MongoServerSelectionError) return true;
  if (error instanceof Error && error.name === 'MongooseServerSelectionError') return true;
  return error instanceof mongo.MongoServerError && /SQLITE_BUSY|database is locked/.test(error.message);
}
