import { InferSchemaType, Schema } from 'mongoose';

/** One firing of a scheduled journey, `journeyId:firing ISO time`: its audience, waves and progress. */
export const broadcastSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    journeyId: { type: String, required: true },
    version: { type: Number, required: true },
    firingAt: { type: Date, required: true },
    segment: { type: String },
    status: { type: String, enum: ['running', 'completed', 'stopped'], required: true },
    /** When each group of zones is reached, and how many recipients it holds. */
    waves: { type: [new Schema({ at: Date, zones: { type: [String], default: undefined }, recipients: Number }, { _id: false })], default: () => [] },
    recipients: { type: Number, required: true },
    enrolled: { type: Number, default: 0 },
    skipped: { type: Number, default: 0 },
    stoppedReason: { type: String },
    finishedAt: { type: Date },
  },
  { collection: 'broadcasts', timestamps: true, minimize: false },
);
export type Broadcast = InferSchemaType<typeof broadcastSchema>;

/** A firing's recipients, frozen when it fires, in chunks keyed `broadcastId:<wave's instant>:seq` (found by `_id`). */
export const broadcastRecipientsSchema = new Schema(
  {
    _id: { type: String, required: true },
    contactIds: { type: [String], required: true },
  },
  { collection: 'broadcast_recipients', minimize: false },
);
export type BroadcastRecipients = InferSchemaType<typeof broadcastRecipientsSchema>;

export const recipientsChunkId = (broadcastId: string, waveAt: number, chunk: number) => `${broadcastId}:${waveAt}:${String(chunk).padStart(6, '0')}`;
