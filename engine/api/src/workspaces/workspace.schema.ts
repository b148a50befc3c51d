import { InferSchemaType, Schema } from 'mongoose';

export const workspaceSchema = new Schema(
  {
    name: { type: String, required: true },
    timezone: { type: String, default: 'UTC' },
  },
  { collection: 'workspaces', timestamps: true },
);
export type Workspace = InferSchemaType<typeof workspaceSchema>;

/** API keys are stored only as SHA-256 hashes; the key itself is shown once, at creation. */
export const apiKeySchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    name: { type: String, required: true },
    hash: { type: String, required: true },
    /** The first characters of the key, so people can tell their keys apart. */
    prefix: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { collection: 'api_keys' },
);
apiKeySchema.index({ hash: 1 }, { unique: true });
apiKeySchema.index({ workspaceId: 1 });
export type ApiKey = InferSchemaType<typeof apiKeySchema>;
