import { InferSchemaType, Schema } from 'mongoose';

/**
 * A workspace's messaging guardrails (`messagingPolicy` in @trellis/journey), keyed by the
 * workspace id: read by every send, changed by admins. The kill switch lives here too, so a send
 * reads it in the same lookup.
 */
export const messagingPolicySchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The policy as `messagingPolicy` parses it, defaults applied. */
    policy: { type: Schema.Types.Mixed, required: true },
    /** Why the kill switch was last thrown or released, and by whom. */
    killSwitchNote: { type: String },
    /** When the kill switch was last thrown: marketing held back since before then is dropped (no back-fill). */
    killSwitchThrownAt: { type: Date },
    /** Moves on every change of a template or channel config: workers' caches of them follow it. */
    configVersion: { type: Number },
    /** Signs the workspace's unsubscribe links (HMAC-SHA256); made on first use, never shown. */
    signingKey: { type: String },
    updatedBy: { type: String },
  },
  { collection: 'messaging_policies', timestamps: true, minimize: false },
);
export type MessagingPolicyDoc = InferSchemaType<typeof messagingPolicySchema>;
