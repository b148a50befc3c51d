import { InferSchemaType, Schema } from 'mongoose';

export const workspaceSchema = new Schema(
  {
    name: { type: String, required: true },
    timezone: { type: String, default: 'UTC' },
  },
  { collection: 'workspaces', timestamps: true },
);
export type Workspace = InferSchemaType<typeof workspaceSchema>;
