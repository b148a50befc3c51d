import { InferSchemaType, Schema } from 'mongoose';

export const enrollmentStatuses = ['running', 'completed', 'failed'] as const;

/**
 * One enrolment, keyed by its workflow id: the worker's updates and the API's re-entry checks are
 * lookups by `_id`, the one filter FerretDB's SQLite backend answers without scanning.
 */
export const enrollmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    journeyId: { type: String, required: true },
    contactId: { type: String, required: true },
    version: { type: Number, required: true },
    planHash: { type: String, required: true },
    workflowId: { type: String, required: true },
    /** 1 for the contact's first enrolment in the journey, then one more per re-entry. */
    seq: { type: Number, required: true, default: 1 },
    status: { type: String, enum: enrollmentStatuses, required: true, default: 'running' },
    currentNodeId: { type: String },
    enrolledAt: { type: Date, required: true },
    completedAt: { type: Date },
    /** The event that enrolled the contact, for the timeline. */
    triggerEventId: { type: String },
    /** Where the contact came from, as the trigger read it (e.g. a WeCom live code's `state`). */
    source: { type: String },
    /** Events the plan reacts to while running, and whether it re-checks on any contact change: what routing signals. */
    listensTo: { type: [String], default: () => [] },
    watchesContact: { type: Boolean, default: false },
    /** Why the enrolment ended: the exit node, the goal, exit criteria, a holdout. */
    exitReason: { type: String },
  },
  { collection: 'enrollments', minimize: false },
);
enrollmentSchema.index({ workspaceId: 1, journeyId: 1, enrolledAt: -1 });
enrollmentSchema.index({ workspaceId: 1, contactId: 1, status: 1 });

export type Enrollment = InferSchemaType<typeof enrollmentSchema>;
