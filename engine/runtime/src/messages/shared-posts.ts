import { mongo } from 'mongoose';
import { driverCollection } from '../store/driver-collection';
import { isDuplicateKeyError } from '../store/errors';
import { MessagePost } from '../store/message-post.schema';
import { MessageSend, SendTurn } from '../store/message-send.schema';
import { RuntimeModels } from '../store/models';
import { AnyChannelAdapter, finalFailureReason, OutgoingMessage } from './channels/channel-adapter';

/**
 * An attempt that began sending a post this long ago and never said how it went has died
 * (send activities time out after a minute): the post is recorded `failed: outcome_unknown`
 * rather than risk posting twice.
 */
const interruptedAfterMs = 5 * 60_000;

/** What a post is now, as a contact's send that joined it reports it. */
export interface PostState {
  status: MessagePost['status'];
  reason?: string;
  via?: string;
}

/** The post's identity and content, as the first contact to reach it makes it. */
export type PostDraft = Omit<MessagePost, 'status' | 'history' | 'reason' | 'error' | 'claimedAt' | 'sentAt' | 'failedAt' | 'provider' | 'via'>;

export interface PostAttempt {
  draft: PostDraft;
  adapter: AnyChannelAdapter;
  config: unknown;
  message: OutgoingMessage<unknown>;
  finalAttempt: boolean;
  at: () => Date;
}

/** A post's turn to `sent` or `failed`, and the same turn for every send that joined it while it was queued. */
export interface PostOutcome {
  status: 'sent' | 'queued' | 'failed';
  fields: Record<string, unknown>;
  turn: SendTurn;
}

function stateOf(post: MessagePost): PostState {
  return { status: post.status, ...(post.reason ? { reason: post.reason } : {}), ...(post.via ? { via: post.via } : {}) };
}

/**
 * Group posts and Moments posts: one message many people see. The first contact whose journey
 * reaches the node on a day makes the post (claimed by inserting it, its `_id` unique, so two
 * contacts arriving together cannot post twice); the others join it and report its state. WeCom
 * itself lets a customer group receive one such post a day, and a staff member's customers see
 * only a few Moments posts a day, so "once per target per node per day" is also what arrives.
 */
export function sharedPosts(options: { models: RuntimeModels; followUp?: (workspaceId: string, postId: string) => Promise<void> }) {
  const posts = driverCollection(options.models.messagePosts);
  const sends = driverCollection(options.models.messageSends);

  /** Records the post's outcome over its in-flight (or queued) state, and moves the sends that joined it along. */
  async function record(postId: string, from: MessagePost['status'], outcome: PostOutcome): Promise<void> {
    const updated = await posts.updateOne({ _id: postId, status: from }, { $set: { status: outcome.status, ...outcome.fields }, $push: { history: outcome.turn } }, { ignoreUndefined: true });
    if (updated.modifiedCount !== 1) return;
    const { provider: _provider, ...sendFields } = outcome.fields;
    // Queued, the sends that joined while it was being made learn who it went out through.
    const update: mongo.UpdateFilter<MessageSend> =
      outcome.status === 'queued' ? { $set: { via: sendFields.via as string | undefined } } : { $set: { status: outcome.status, ...sendFields }, $push: { history: outcome.turn } };
    await sends.updateMany({ postId, status: 'queued' }, update, { ignoreUndefined: true });
  }

  function failure(reason: string, error: string, at: Date): PostOutcome {
    return { status: 'failed', fields: { reason, error, failedAt: at }, turn: { status: 'failed', reason, at } };
  }

  /**
   * The post for this node, target and day: made now if no contact made it yet (or the last
   * attempt met a retryable error), else as it is. Throws, for the activity to retry, when the
   * provider's error may pass.
   */
  async function join(attempt: PostAttempt): Promise<PostState> {
    const { draft, adapter, at } = attempt;
    const sending: SendTurn = { status: 'sending', at: at() };
    let ours = await posts.insertOne({ ...draft, status: 'sending', claimedAt: at(), history: [sending] }, { ignoreUndefined: true }).then(
      () => true,
      (error: unknown) => {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      },
    );
    if (!ours) {
      const existing = await posts.findOne({ _id: draft._id });
      if (!existing) throw new Error(`post ${draft._id} vanished while being joined; trying again`);
      if (existing.status === 'retrying') {
        ours = (await posts.updateOne({ _id: draft._id, status: 'retrying' }, { $set: { status: 'sending', claimedAt: at() }, $push: { history: sending } })).modifiedCount === 1;
        if (!ours) throw new Error(`post ${draft._id} is being made by another attempt; trying again shortly`);
      } else if (existing.status === 'sending' && at().getTime() - (existing.claimedAt?.getTime() ?? 0) > interruptedAfterMs) {
        await record(draft._id, 'sending', failure('outcome_unknown', 'the attempt making this post was interrupted; not posted again, so it cannot appear twice', at()));
        return { status: 'failed', reason: 'outcome_unknown' };
      } else {
        return stateOf(existing);
      }
    }

    try {
      const dispatched = await adapter.send(draft.workspaceId, attempt.config, attempt.message as never);
      const via = dispatched.via ?? attempt.message.via;
      const provider = { ...(dispatched.providerMessageId ? { messageId: dispatched.providerMessageId } : {}), ...dispatched.response };
      await record(draft._id, 'sending', { status: dispatched.status, fields: { via, provider, ...(dispatched.status === 'sent' ? { sentAt: at() } : {}) }, turn: { status: dispatched.status, at: at() } });
      if (dispatched.status === 'queued' && dispatched.providerMessageId) await options.followUp?.(draft.workspaceId, draft._id);
      return { status: dispatched.status, ...(via ? { via } : {}) };
    } catch (error) {
      const message = (error as Error).message;
      const reason = finalFailureReason(error, attempt.finalAttempt);
      if (reason) {
        await record(draft._id, 'sending', failure(reason, message, at()));
        return { status: 'failed', reason };
      }
      // Not posted: the next attempt, by this contact's retry or another contact's, posts it.
      await posts.updateOne({ _id: draft._id, status: 'sending' }, { $set: { status: 'retrying', error: message }, $push: { history: { status: 'retrying', at: at() } } });
      throw error;
    }
  }

  /** The post's state now: a send that joined a post still being made looks again once it has recorded itself. */
  async function currentState(postId: string): Promise<PostState | undefined> {
    const post = await posts.findOne({ _id: postId });
    return post ? stateOf(post) : undefined;
  }

  return { join, record, currentState };
}

export type SharedPosts = ReturnType<typeof sharedPosts>;
