import { InferSchemaType, Schema } from 'mongoose';

/**
 * How an identity the workspace knows a person by leads to their contact, keyed
 * `workspaceId:externalId`. Every event looks its contact up by this `_id`: on FerretDB's SQLite
 * backend a query on any other field scans the whole collection. Identity kinds beyond the
 * external id (phone, WeCom external user id, unionid) come with the data plane (issue 6).
 */
export const contactKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    contactId: { type: String, required: true },
  },
  { collection: 'contact_keys' },
);

export type ContactKey = InferSchemaType<typeof contactKeySchema>;

export function contactKey(workspaceId: string, externalId: string): string {
  return `${workspaceId}:${externalId}`;
}
