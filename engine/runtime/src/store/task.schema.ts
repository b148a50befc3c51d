import { createHash } from 'node:crypto';
import { Schema } from 'mongoose';

export const taskStatuses = ['open', 'claimed', 'resolved'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export interface TaskNote {
  by: string;
  text: string;
  /** A reply to the contact (counts as the first response), or a note for colleagues. */
  kind: 'response' | 'note';
  at: Date;
}

export interface TaskEscalation {
  /** Which promise was missed: the first response, or the resolution. */
  kind: 'first_response' | 'resolution';
  at: Date;
  /** The priority the task was raised to. */
  priority: string;
}

/**
 * A hand-off: a case for a person in a staff queue (a complaint, a large order, a 1:1
 * consultation), opened by `action.handoff`. Keyed by its action's idempotency key, hashed to
 * 24 hex digits, so a retried action opens it once.
 */
export interface Task {
  _id: string;
  workspaceId: string;
  contactId: string;
  journeyId?: string;
  nodeId?: string;
  title: string;
  note?: string;
  queue: string;
  priority: string;
  status: TaskStatus;
  assignee?: { id: string; name: string };
  notes: TaskNote[];
  resolution?: string;
  createdAt: Date;
  claimedAt?: Date;
  firstResponseAt?: Date;
  resolvedAt?: Date;
  /** The service-level promises: a first response by, and a resolution by. */
  due: { firstResponseBy: Date; resolveBy: Date };
  escalations: TaskEscalation[];
}

export const taskSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    contactId: { type: String, required: true },
    journeyId: { type: String },
    nodeId: { type: String },
    title: { type: String, required: true },
    note: { type: String },
    queue: { type: String, required: true },
    priority: { type: String, required: true },
    status: { type: String, enum: taskStatuses, required: true },
    assignee: { type: Schema.Types.Mixed },
    notes: { type: Schema.Types.Mixed, default: () => [] },
    resolution: { type: String },
    createdAt: { type: Date, required: true },
    claimedAt: { type: Date },
    firstResponseAt: { type: Date },
    resolvedAt: { type: Date },
    due: { type: Schema.Types.Mixed, required: true },
    escalations: { type: Schema.Types.Mixed, default: () => [] },
  },
  { collection: 'tasks', minimize: false },
);
taskSchema.index({ workspaceId: 1, status: 1, queue: 1 });

export const taskIdOf = (idempotencyKey: string) => createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24);

/** The Temporal workflow keeping a task's service-level timers. */
export const taskSlaWorkflowId = (workspaceId: string, taskId: string) => `task:${workspaceId}:${taskId}`;
