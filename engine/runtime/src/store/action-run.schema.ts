import { InferSchemaType, Schema } from 'mongoose';

/**
 * One action that has had its effect, under its idempotency key (`workflowId/nodeId/visit`).
 * A retry whose earlier attempt did the work but lost the reply (a crashed worker, a timeout)
 * finds it here and returns the recorded outcome instead of acting again.
 */
export const actionRunSchema = new Schema(
  {
    /** The idempotency key itself: unique, and found without a scan. */
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    contactId: { type: String, required: true },
    nodeType: { type: String, required: true },
    /** The action's result (port, output, wait) exactly as the workflow received it the first time. */
    result: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'action_runs', minimize: false },
);
actionRunSchema.index({ workspaceId: 1, contactId: 1 });

export type ActionRun = InferSchemaType<typeof actionRunSchema>;
