import { InferSchemaType, Schema } from 'mongoose';

/** One node transition of one enrolment: the per-contact timeline and per-node counts. */
export const stepSchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    journeyId: { type: String, required: true },
    workflowId: { type: String, required: true },
    nodeId: { type: String, required: true },
    /** How many times this enrolment has entered the node, starting at 1. */
    visit: { type: Number, required: true },
    kind: { type: String, enum: ['entered', 'completed', 'exited'], required: true },
    output: { type: Schema.Types.Mixed },
    at: { type: Date, required: true },
  },
  { collection: 'steps', minimize: false },
);
// Recording is retried as a local activity; the unique key keeps a retry from logging twice.
stepSchema.index({ workflowId: 1, nodeId: 1, visit: 1, kind: 1 }, { unique: true });
stepSchema.index({ workspaceId: 1, journeyId: 1, nodeId: 1 });

export type Step = InferSchemaType<typeof stepSchema>;
