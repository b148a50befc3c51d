import { lifecycleStages } from '@trellis/journey';
import { InferSchemaType, Schema } from 'mongoose';

export const contactSchema = new Schema(
  {
    workspaceId: { type: String, required: true },
    /** The id the workspace's own systems use for this person (app user id, member id…); none while they are anonymous. */
    externalId: { type: String },
    /** Every id the person is known by (`Identity`), each also a key in `contact_keys`. */
    identities: { type: [new Schema({ kind: { type: String, required: true }, value: { type: String, required: true } }, { _id: false })], default: () => [] },
    /** Set when this contact was found to be another, and merged into it: read that one instead. */
    mergedInto: { type: String },
    /** Contacts merged into this one: their enrolments and events are this person's too. */
    mergedFrom: { type: [String], default: undefined },
    traits: { type: Schema.Types.Mixed, default: () => ({}) },
    tags: { type: [String], default: () => [] },
    /** The customer groups the contact is in now (their `groupId`s), for rules such as "in group X". */
    groups: { type: [String], default: undefined },
    lifecycleStage: { type: String, enum: lifecycleStages },
    /** Consent per channel (`wecom`, `sms`, `email`, `push`): `subscribed` or `unsubscribed`; unset is unknown. */
    subscriptions: { type: Schema.Types.Mixed },
    /**
     * Channels that must not be used at all, even for service messages, per kind of channel
     * (`email`, `sms`…): `{ reason, at }` for a hard bounce, a complaint, a block.
     */
    suppressions: { type: Schema.Types.Mixed },
    /** The WeCom staff account (userid) that owns the relationship: WeCom messages go out through them. */
    wecomOwner: { type: String },
    /** How many hand-off cases of this contact are open: marketing waits while any is. */
    openHandoffs: { type: Number },
    /** IANA zone for time-of-day waits and send windows; the journey's default applies without one. */
    timezone: { type: String },
    /** Keys of profile updates already applied (see mongoActionServices), so retries apply once. */
    appliedUpdates: { type: Schema.Types.Mixed },
    lastEventAt: { type: Date },
    /** Per event name: `{ count, firstAt, lastAt }`, kept as events arrive (see contact-activity.ts). */
    activity: { type: Schema.Types.Mixed },
    /** Order totals and RFM scores, kept as events arrive (see contact-activity.ts). */
    computed: { type: Schema.Types.Mixed },
  },
  { collection: 'contacts', timestamps: true, minimize: false },
);
contactSchema.index({ workspaceId: 1, externalId: 1 });

export type Contact = InferSchemaType<typeof contactSchema>;

/**
 * An update of a contact as mongoose's `timestamps` would send it, for the writes on every event
 * and action that go through the driver (`driverCollection`): `updatedAt` moves, and a contact the
 * update creates gets its `createdAt`.
 */
export function stamped<U extends { $set?: Record<string, unknown>; $setOnInsert?: Record<string, unknown> }>(update: U, now = new Date()): U {
  return { ...update, $set: { ...update.$set, updatedAt: now }, $setOnInsert: { ...update.$setOnInsert, createdAt: now } };
}

