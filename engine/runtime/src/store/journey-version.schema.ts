import { InferSchemaType, Schema } from 'mongoose';

/** A published, immutable plan. Enrolments reference it by (journeyId, version) and hash. */
export const journeyVersionSchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    journeyId: { type: String, required: true },
    version: { type: Number, required: true },
    hash: { type: String, required: true },
    plan: { type: Schema.Types.Mixed, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
    note: { type: String },
    publishedAt: { type: Date, required: true },
  },
  { collection: 'journey_versions', minimize: false },
);
journeyVersionSchema.index({ journeyId: 1, version: 1 }, { unique: true });

export type JourneyVersion = InferSchemaType<typeof journeyVersionSchema>;
