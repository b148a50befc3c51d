import { lifecycleStages } from '@trellis/journey';
import { InferSchemaType, Schema } from 'mongoose';

export const contactSchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    /** The id the workspace's own systems use for this person (app user id, member id…). */
    externalId: { type: String, required: true },
    traits: { type: Schema.Types.Mixed, default: () => ({}) },
    tags: { type: [String], default: () => [] },
    lifecycleStage: { type: String, enum: lifecycleStages },
    /** IANA zone for time-of-day waits and send windows; the journey's default applies without one. */
    timezone: { type: String },
    /** Keys of profile updates already applied (see mongoActionServices), so retries apply once. */
    appliedUpdates: { type: Schema.Types.Mixed },
    lastEventAt: { type: Date },
  },
  { collection: 'contacts', timestamps: true, minimize: false },
);
contactSchema.index({ workspaceId: 1, externalId: 1 }, { unique: true });

export type Contact = InferSchemaType<typeof contactSchema>;

