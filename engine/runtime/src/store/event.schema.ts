import { InferSchemaType, Schema } from 'mongoose';

export const eventSchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    /** The sender's id for this event; a retry with the same id is the same event. */
    messageId: { type: String, required: true },
    name: { type: String, required: true },
    userId: { type: String, required: true },
    contactId: { type: String, required: true },
    properties: { type: Schema.Types.Mixed, default: () => ({}) },
    timestamp: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    /** Set once every journey the event triggers has been enrolled; unset means "retry me". */
    processedAt: { type: Date },
  },
  { collection: 'events', minimize: false },
);
eventSchema.index({ workspaceId: 1, messageId: 1 }, { unique: true });
eventSchema.index({ workspaceId: 1, contactId: 1, timestamp: -1 });

export type TrackedEvent = InferSchemaType<typeof eventSchema>;
