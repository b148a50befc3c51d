import { InferSchemaType, Schema } from 'mongoose';

export const workspaceSchema = new Schema(
  {
    name: { type: String, required: true },
    timezone: { type: String, default: 'UTC' },
    /** Hosts webhooks may reach even on private addresses (an intranet CRM); the worker reads them (see guardedHttp). */
    webhookAllowedHosts: { type: [String], default: () => [] },
  },
  { collection: 'workspaces', timestamps: true },
);
export type Workspace = InferSchemaType<typeof workspaceSchema>;
