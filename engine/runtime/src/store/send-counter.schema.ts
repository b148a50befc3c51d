import { InferSchemaType, Schema } from 'mongoose';

/**
 * One contact's count against one frequency cap for one period, keyed
 * `workspaceId:contactId:capId:period`, with the sends it counts (so a retried send counts once).
 */
export const sendCounterSchema = new Schema(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    /** Idempotency keys of the sends counted: at most the cap's limit of them. */
    sends: { type: [String], default: () => [] },
    /** When the period ends; counters past it are never read again (a sweep may delete them). */
    expiresAt: { type: Date, required: true },
  },
  { collection: 'send_counters', minimize: false },
);
export type SendCounter = InferSchemaType<typeof sendCounterSchema>;
