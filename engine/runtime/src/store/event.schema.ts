import { InferSchemaType, Schema } from 'mongoose';

export const eventSchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    /** The sender's id for this event; a retry with the same id is the same event. */
    messageId: { type: String, required: true },
    /** The event's name; `$identify` for a profile update (an identify call). */
    name: { type: String, required: true },
    /** Who sent it, as the sender knows them: a user id, an anonymous (device) id, or both. */
    userId: { type: String },
    anonymousId: { type: String },
    contactId: { type: String, required: true },
    properties: { type: Schema.Types.Mixed, default: () => ({}) },
    /** When it happened: the sender's time, corrected by the skew between its clock and ours (Segment's `sentAt`). */
    timestamp: { type: Date, required: true },
    /** The sender's own timestamp, as sent. */
    clientTimestamp: { type: Date },
    receivedAt: { type: Date, required: true },
    /** Segment's `context` (library, page, device, locale…), kept as sent. */
    context: { type: Schema.Types.Mixed },
    /** Set once every journey the event triggers has been enrolled; unset means "retry me". */
    processedAt: { type: Date },
  },
  { collection: 'events', minimize: false },
);
eventSchema.index({ workspaceId: 1, messageId: 1 }, { unique: true });
eventSchema.index({ workspaceId: 1, contactId: 1, timestamp: -1 });

export type TrackedEvent = InferSchemaType<typeof eventSchema>;
