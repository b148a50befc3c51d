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
    /**
     * The contact's running enrolments by journey id, with what each reacts to: routing an event
     * reads them with the contact it already loads, instead of querying enrolments.
     */
    activeEnrollments: { type: Schema.Types.Mixed, default: () => ({}) },
  },
  { collection: 'contacts', timestamps: true, minimize: false },
);
contactSchema.index({ workspaceId: 1, externalId: 1 }, { unique: true });

export type Contact = InferSchemaType<typeof contactSchema>;

/** What routing needs of one running enrolment; kept on the contact under its journey id. */
export interface ActiveEnrollment {
  workflowId: string;
  listensTo: string[];
  watchesContact: boolean;
}
