import { Schema } from 'mongoose';
import { MessageSend, messageOrigin, sendHistory, SendStatus } from './message-send.schema';

/**
 * One customer-group post or Moments post, made once for every contact whose journey reached
 * the node that day: `_id` is `workspaceId/journeyId/nodeId/target/day` (the target is the group's
 * `chat_id` or the staff member's userid; the day is the policy zone's). Its turns mirror a
 * send's (sending → queued → sent, or failed with a reason); the contacts' own send records point
 * here (`postId`) and follow it.
 */
export const messagePostSchema = new Schema(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    ...messageOrigin,
    /** The customer group's `chat_id`, or the staff member whose Moments it goes on. */
    to: { type: String, required: true },
    /** The staff account it went out through: the group's owner, the Moments' author. */
    via: { type: String },
    /** The local day (policy zone) it is the post of: one per target per node per day. */
    day: { type: String, required: true },
    status: { type: String, required: true },
    reason: { type: String },
    error: { type: String },
    /** When the attempt that is sending it began: an attempt gone quiet long past this was interrupted. */
    claimedAt: { type: Date },
    sentAt: { type: Date },
    failedAt: { type: Date },
    provider: { type: Schema.Types.Mixed },
    history: sendHistory,
  },
  { collection: 'message_posts', minimize: false },
);

/** A post as stored (see `messagePostSchema`): a send's record, for a group or a staff member's Moments. */
export interface MessagePost
  extends Pick<MessageSend, '_id' | 'workspaceId' | 'journeyId' | 'nodeId' | 'channel' | 'category' | 'template' | 'templateVersion' | 'via' | 'reason' | 'error' | 'sentAt' | 'failedAt' | 'provider' | 'history'> {
  to: string;
  day: string;
  status: Extract<SendStatus, 'retrying' | 'sending' | 'queued' | 'sent' | 'failed'>;
  claimedAt?: Date;
}
