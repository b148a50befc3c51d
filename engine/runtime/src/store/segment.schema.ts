import { InferSchemaType, Schema } from 'mongoose';

/**
 * A segment: contacts matching a rule, kept as memberships. Keyed `workspaceId:key`, so every
 * lookup of one is by `_id` (the filter FerretDB answers from its index).
 */
export const segmentSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    key: { type: String, required: true },
    name: { type: String, required: true },
    description: { type: String },
    /** A rule of the journey rules model (`Rule`), checked when written. */
    rule: { type: Schema.Types.Mixed, required: true },
    /** Contact fields the rule reads: a change to one of them re-evaluates the contact. */
    reads: { type: [String], default: () => [] },
    /** How often the sweep re-evaluates every contact (time passing, changes journeys made), in minutes. */
    sweepMinutes: { type: Number, required: true },
    lastSweep: { type: Schema.Types.Mixed },
  },
  { collection: 'segments', timestamps: true, minimize: false },
);
segmentSchema.index({ workspaceId: 1, key: 1 }, { unique: true });
export type Segment = InferSchemaType<typeof segmentSchema>;

/**
 * A contact's place in a segment, keyed `workspaceId:key:contactId`. `pending` marks an entry or
 * exit whose event is not yet stored: the next pass sends it, so a crash between the two loses neither.
 */
export const segmentMembershipSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    segment: { type: String, required: true },
    contactId: { type: String, required: true },
    inside: { type: Boolean, required: true },
    /** How many times the contact has entered: numbers each entry's event, so a resend is a duplicate. */
    entries: { type: Number, required: true, default: 0 },
    enteredAt: { type: Date },
    leftAt: { type: Date },
    pending: { type: String, enum: ['entered', 'left'] },
  },
  { collection: 'segment_memberships', minimize: false },
);
export type SegmentMembership = InferSchemaType<typeof segmentMembershipSchema>;

export const segmentId = (workspaceId: string, key: string) => `${workspaceId}:${key}`;
export const membershipId = (workspaceId: string, key: string, contactId: string) => `${workspaceId}:${key}:${contactId}`;
