import mongoose, { Connection } from 'mongoose';

/**
 * Opens a connection with the settings every Trellis process uses: filters are sanitised (a
 * user-supplied value can never become a query operator; our own operators go through
 * `mongoose.trusted`) and unknown query fields are rejected.
 */
export function configureMongoose(): void {
  mongoose.set('sanitizeFilter', true);
  mongoose.set('strictQuery', 'throw');
  // Collections appear on first write; creating them up front only adds "already exists" errors.
  mongoose.set('autoCreate', false);
}

/** Driver options for every connection (the API's and the worker's). */
export const mongoClientOptions = { serverSelectionTimeoutMS: 10_000 } as const;

export async function connectMongo(uri: string): Promise<Connection> {
  configureMongoose();
  const connection = mongoose.createConnection(uri, mongoClientOptions);
  await connection.asPromise();
  return connection;
}
