import { InferSchemaType, Schema } from 'mongoose';

/**
 * One node transition of one enrolment: the per-contact timeline, funnels and per-node counts.
 * Runs that count stats number their steps (`seq`) and key them `workflowId#seq`, so a step is
 * read by `_id`; earlier steps have generated ids. Either way the unique index keeps a retried
 * write from logging a step twice.
 */
export const stepSchema = new Schema(
  {
    _id: { type: Schema.Types.Mixed },
    workspaceId: { type: String, required: true },
    journeyId: { type: String, required: true },
    workflowId: { type: String, required: true },
    nodeId: { type: String, required: true },
    /** The step's place in its enrolment's log, from 0 (runs that count stats). */
    seq: { type: Number },
    /** How many times this enrolment has entered the node, starting at 1. */
    visit: { type: Number, required: true },
    /** `converted`: the enrolment reached the journey's goal here (once per enrolment). */
    kind: { type: String, enum: ['entered', 'completed', 'exited', 'converted'], required: true },
    /** For `entered`: the node and port the contact came from. */
    from: { nodeId: { type: String }, port: { type: String } },
    output: { type: Schema.Types.Mixed },
    at: { type: Date, required: true },
    /** On a batch's first step: its counts are in the journey's stats (see `journeyStatsStore`). */
    counted: { type: Boolean },
  },
  { collection: 'steps', minimize: false },
);
// Recording is retried as a local activity; the unique key keeps a retry from logging twice.
stepSchema.index({ workflowId: 1, nodeId: 1, visit: 1, kind: 1 }, { unique: true });
stepSchema.index({ workspaceId: 1, journeyId: 1, nodeId: 1 });

export type Step = InferSchemaType<typeof stepSchema>;

/** The id of a numbered step: its enrolment and its place in the log. */
export function stepId(workflowId: string, seq: number): string {
  return `${workflowId}#${seq}`;
}
