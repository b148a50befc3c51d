import { InferSchemaType, Schema } from 'mongoose';
import { Identity } from './identity';

/**
 * How an identity the workspace knows a person by leads to their contact, keyed
 * `workspaceId:kind:value` (`contactKey`). Every event looks its contact up by these `_id`s: on
 * FerretDB's SQLite backend a query on any other field scans the whole collection. The unique
 * `_id` is also what makes two racing first events of one person agree on one contact.
 */
export const contactKeySchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    kind: { type: String, required: true },
    value: { type: String, required: true },
    contactId: { type: String, required: true },
  },
  { collection: 'contact_keys' },
);

export type ContactKey = InferSchemaType<typeof contactKeySchema>;

export function contactKey(workspaceId: string, identity: Identity): string {
  return `${workspaceId}:${identity.kind}:${identity.value}`;
}
