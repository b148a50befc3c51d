import { Schema } from 'mongoose';

/**
 * deferred: held back (quiet hours, a full cap) until `deferredUntil`; retrying: an attempt met a
 * provider error and Temporal will try again; sending: handed to the provider, answer pending;
 * queued: accepted by a channel that delivers later (a WeCom task staff confirm).
 */
export const sendStatuses = ['deferred', 'retrying', 'sending', 'sent', 'queued', 'delivered', 'failed', 'skipped'] as const;
export type SendStatus = (typeof sendStatuses)[number];

/** Which journey node sent it, on which channel, from which template version. */
export const messageOrigin = {
  journeyId: { type: String },
  nodeId: { type: String },
  channel: { type: String, required: true },
  category: { type: String, required: true },
  template: { type: String, required: true },
  templateVersion: { type: Number },
};

/** Every turn of a send or a post, in order: what it became, why, and when. */
export const sendHistory = {
  type: [new Schema({ status: { type: String, required: true }, reason: { type: String }, at: { type: Date, required: true } }, { _id: false })],
  default: () => [],
};

/**
 * The send log: one document per message a journey sends, keyed by the action's idempotency key
 * (`workflowId/nodeId/visit`), so however often the action is retried or re-run after a
 * deferral, it has one record and goes out at most once. `history` keeps every turn (deferred for
 * quiet hours, then sent; or skipped with its reason) for the contact's timeline.
 */
export const messageSendSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    contactId: { type: String, required: true },
    ...messageOrigin,
    status: { type: String, enum: sendStatuses, required: true },
    /** Why it was not sent (yet): `quiet_hours`, `cap:daily`, `no_consent`, `render_error`… */
    reason: { type: String },
    /** The failure in words, for a person reading the log. */
    error: { type: String },
    /** The address it went to: an email, a phone number, a push alias, a WeCom external_userid. */
    to: { type: String },
    /** The account it went out through, where that varies: the WeCom staff member who owns the contact. */
    via: { type: String },
    /** When the send was first tried, on the journey's clock: deferral expiry counts from here. */
    firstTriedAt: { type: Date, required: true },
    deferredUntil: { type: Date },
    /** Frequency-cap counters holding a unit for this send, given back if it fails. */
    capKeys: { type: [String], default: undefined },
    sentAt: { type: Date },
    deliveredAt: { type: Date },
    failedAt: { type: Date },
    unsubscribedAt: { type: Date },
    provider: { type: Schema.Types.Mixed },
    /** A group or Moments post this send joined (`message_posts`): its status follows the post's. */
    postId: { type: String },
    history: sendHistory,
  },
  { collection: 'message_sends', minimize: false },
);
messageSendSchema.index({ workspaceId: 1, contactId: 1 });
messageSendSchema.index({ postId: 1 });

export interface SendTurn {
  status: SendStatus;
  reason?: string;
  at: Date;
}

/** A send log record as stored (see `messageSendSchema`). */
export interface MessageSend {
  _id: string;
  workspaceId: string;
  contactId: string;
  journeyId?: string;
  nodeId?: string;
  channel: string;
  category: string;
  template: string;
  templateVersion?: number;
  status: SendStatus;
  reason?: string;
  error?: string;
  to?: string;
  via?: string;
  firstTriedAt: Date;
  deferredUntil?: Date;
  capKeys?: string[];
  sentAt?: Date;
  deliveredAt?: Date;
  failedAt?: Date;
  unsubscribedAt?: Date;
  provider?: Record<string, unknown>;
  postId?: string;
  history: SendTurn[];
}
