import { BodyKind, bodyKindOf, capped, Channel, checkGuardrails, checkSharedPost, localDate, MessageBodies, renderMessage, SendSituation, TemplateScope, Verdict } from '@trellis/journey';
import { MessageReceipt, MessageRequest, NonRetryableActionError } from '@trellis/nodes';
import { isObjectIdOrHexString, mongo, Types } from 'mongoose';
import { batched, writeErrorsByIndex } from '../store/batched';
import { driverCollection } from '../store/driver-collection';
import { isDuplicateKeyError } from '../store/errors';
import { MessageSend, SendStatus, SendTurn } from '../store/message-send.schema';
import { RuntimeModels } from '../store/models';
import { capCounterStore } from './cap-counters';
import { AnyChannelAdapter, finalFailureReason, PermanentSendError } from './channels/channel-adapter';
import { PostState, sharedPosts } from './shared-posts';
import { MessagingConfigCache } from './messaging-config-cache';
import { templateScope } from './template-scope';
import { signUnsubscribe } from './unsubscribe-token';
import { workspaceMessaging } from './workspace-messaging';

export interface MessageSenderOptions {
  models: RuntimeModels;
  channels: readonly AnyChannelAdapter[];
  /** Where the API answers the public, where unsubscribe links point (`TRELLIS_PUBLIC_URL`). */
  publicUrl: string;
  /**
   * Has a queued message (a WeCom task for staff), or a queued group or Moments post, looked at
   * again later (`queuedSendWorkflow`); without it, nobody does.
   */
  followUp?: (workspaceId: string, id: string, kind: Queued) => Promise<void>;
}

type SendDoc = MessageSend;

/** What waits to be looked at again: a contact's send, or a post many contacts' sends joined. */
export type Queued = 'send' | 'post';

/** A group or Moments post is seen by many: rendered with no one's details. */
const impersonalScope: TemplateScope = { contact: { tags: [], groups: [], traits: {} }, unsubscribeUrl: '' };
type UpdateFilter<T> = mongo.UpdateFilter<T>;

/** A send that does not go now: held back until `untilMs`, or skipped, with its reason code. */
type Hold = { outcome: 'defer'; reason: string; untilMs: number } | { outcome: 'skip'; reason: string };

/** Statuses a send ends in: found again, they are answered as they are, never acted on twice. */
const settled = new Set<SendStatus>(['sent', 'queued', 'delivered', 'failed', 'skipped']);

/** Sends already held back or interrupted by a retryable error: the guardrails are asked again. */
type Pending = 'deferred' | 'retrying';

function receiptOf(doc: Pick<SendDoc, '_id' | 'status' | 'reason' | 'deferredUntil'>): MessageReceipt {
  const status = doc.status === 'delivered' ? 'sent' : (doc.status as MessageReceipt['status']);
  return {
    messageId: doc._id,
    status,
    ...(doc.reason ? { reason: doc.reason } : {}),
    ...(status === 'deferred' && doc.deferredUntil ? { retryAtMs: doc.deferredUntil.getTime() } : {}),
  };
}

/**
 * The send path of `action.message`: every message, on every channel, goes through here. It
 * reads the workspace's policy, the contact (consent, suppressions, open hand-offs, zone) and the
 * template afresh, asks the guardrails, takes cap units atomically, renders, and hands the
 * message to the channel's adapter, recording each turn in the send log under the action's
 * idempotency key. A send is attempted at most once: a retry finds its record and answers from it.
 */
export function messageSender(options: MessageSenderOptions) {
  const { models } = options;
  const sends = driverCollection(models.messageSends);
  const adapters = new Map<Channel, AnyChannelAdapter>(options.channels.map((adapter) => [adapter.channel, adapter]));
  const posts = sharedPosts({ models, ...(options.followUp ? { followUp: (workspaceId, postId) => options.followUp!(workspaceId, postId, 'post') } : {}) });
  const configs = new MessagingConfigCache(models);
  const caps = capCounterStore(models.sendCounters);
  const contacts = driverCollection(models.contacts);
  const policies = driverCollection(models.messagingPolicies);
  // Sends in flight at once share their reads and writes (see `batched`).
  const readContact = batched(async (ids: readonly string[]) => {
    const found = await contacts.find({ _id: { $in: [...new Set(ids)].map((id) => new Types.ObjectId(id)) } }).toArray();
    const byId = new Map(found.map((doc) => [String(doc._id), doc]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const readPolicy = batched(async (ids: readonly string[]) => {
    const found = await policies.find({ _id: { $in: [...new Set(ids)] } }).toArray();
    return ids.map((id) => found.find((doc) => doc._id === id) ?? null);
  });
  const insertClaim = batched<SendDoc, boolean>(async (docs) => {
    try {
      await sends.insertMany([...docs], { ordered: false, ignoreUndefined: true });
      return docs.map(() => true);
    } catch (error) {
      const failed = writeErrorsByIndex(error);
      if (!failed) throw error;
      // A duplicate `_id` is another attempt's claim: not ours to send.
      return docs.map((_, index) => (failed.get(index) === undefined ? true : isDuplicateKeyError(failed.get(index)) ? false : failed.get(index)!));
    }
  });
  // A send's outcome, recorded only over its claim (`status: "sending"`), so applying it again is harmless.
  const recordOutcome = batched<{ _id: string; update: UpdateFilter<SendDoc> }, undefined>(async (outcomes) => {
    const writes = outcomes.map(({ _id, update }) => ({ updateOne: { filter: { _id, status: 'sending' as const }, update } }));
    try {
      await sends.bulkWrite(writes, { ordered: false, ignoreUndefined: true });
    } catch (error) {
      if (!writeErrorsByIndex(error)) throw error;
      // FerretDB 1.x stops an unordered update at its first failure and may name the wrong one: each again, alone.
      await Promise.all(writes.map(({ updateOne }) => sends.updateOne(updateOne.filter, updateOne.update, { ignoreUndefined: true })));
    }
    return outcomes.map(() => undefined);
  });

  async function send(request: MessageRequest): Promise<MessageReceipt> {
    const kind = bodyKindOf(request.channel);
    const adapter = adapters.get(request.channel);
    // Publishing refuses the others; a plan published before that was so fails here, saying why.
    if (!adapter) throw new NonRetryableActionError(`this worker has no channel "${request.channel}" to send on`);
    const { workspaceId, contactId, idempotencyKey: sendId } = request;
    // A first run's first attempt has no record to find: nothing before it could have made one.
    const [existing, messaging, contact] = await Promise.all([
      request.firstRun ? null : sends.findOne({ _id: sendId }),
      workspaceMessaging(models.messagingPolicies, workspaceId, readPolicy),
      currentContact(workspaceId, contactId),
    ]);
    const [template, channelDoc] = await Promise.all([
      configs.template(workspaceId, messaging.configVersion, request.template),
      configs.channel(workspaceId, messaging.configVersion, kind),
    ]);
    // Stamps: the journey's clock, or the wall clock where an attempt runs later than planned.
    const at = () => new Date(Math.max(request.nowMs, Date.now()));
    if (existing && settled.has(existing.status)) return receiptOf(existing);
    if (existing?.status === 'sending' && !adapter.capabilities.dedupesRetries) {
      // An earlier attempt died between handing the message over and hearing back: it may have gone.
      return finish(existing, 'failed', { reason: 'outcome_unknown', error: 'an earlier attempt was interrupted mid-send; not sent again, so it cannot arrive twice' });
    }
    const base: SendDoc = {
      _id: sendId,
      workspaceId,
      contactId,
      ...(request.origin ? { journeyId: request.origin.journeyId, nodeId: request.origin.nodeId } : {}),
      channel: request.channel,
      category: request.category,
      template: request.template,
      status: 'deferred',
      firstTriedAt: existing?.firstTriedAt ?? new Date(request.nowMs),
      history: [],
    };

    /** Writes this send's record as `$set` says (making it if it is new), adding `turn` to its history. */
    async function upsertTurn($set: UpdateFilter<SendDoc>['$set'], turn?: SendTurn): Promise<void> {
      const { status: _status, history: _history, ...insertOnly } = base;
      await sends.updateOne({ _id: sendId }, { $setOnInsert: insertOnly, $set, ...(turn ? { $push: { history: turn } } : {}) }, { upsert: true });
    }

    /** Records a turn that does not send: held back until `untilMs`, or skipped, with the reason. */
    async function hold(verdict: Hold): Promise<MessageReceipt> {
      const status = verdict.outcome === 'defer' ? 'deferred' : 'skipped';
      await upsertTurn(
        { status, reason: verdict.reason, ...(verdict.outcome === 'defer' ? { deferredUntil: new Date(verdict.untilMs) } : {}) },
        // A retry of the same turn (same status, same reason) adds nothing to the history.
        existing?.status === status && existing.reason === verdict.reason ? undefined : { status, reason: verdict.reason, at: at() },
      );
      return { messageId: sendId, status, reason: verdict.reason, ...(verdict.outcome === 'defer' ? { retryAtMs: verdict.untilMs } : {}) };
    }

    async function fail(reason: string, error: string): Promise<MessageReceipt> {
      await upsertTurn({ status: 'failed', reason, error, failedAt: at() }, { status: 'failed', reason, at: at() });
      return { messageId: sendId, status: 'failed', reason };
    }

    async function finish(doc: Pick<SendDoc, '_id' | 'capKeys'>, status: 'sent' | 'queued' | 'failed', outcome: { reason?: string; error?: string; fields?: Record<string, unknown> }) {
      if (status === 'failed' && doc.capKeys?.length) await caps.release({ workspaceId, contactId: String(contact?._id ?? contactId), sendKey: sendId }, doc.capKeys);
      const stamp = status === 'failed' ? { failedAt: at() } : { sentAt: at() };
      await recordOutcome({
        _id: sendId,
        update: {
          $set: { status, ...stamp, ...(outcome.reason ? { reason: outcome.reason } : {}), ...(outcome.error ? { error: outcome.error } : {}), ...outcome.fields },
          $push: { history: { status, ...(outcome.reason ? { reason: outcome.reason } : {}), at: at() } },
        },
      });
      return { messageId: sendId, status, ...(outcome.reason ? { reason: outcome.reason } : {}) } satisfies MessageReceipt;
    }

    if (!contact) return hold({ outcome: 'skip', reason: 'no_contact' });
    const situation: SendSituation = {
      channel: request.channel,
      category: request.category,
      ...(contact.timezone ? { zone: contact.timezone } : {}),
      nowMs: request.nowMs,
      firstTriedAtMs: base.firstTriedAt.getTime(),
      ...(contact.subscriptions?.[kind] ? { consent: contact.subscriptions[kind] } : {}),
      suppressed: Boolean(contact.suppressions?.[kind]),
      handoffOpen: (contact.openHandoffs ?? 0) > 0,
      ...(messaging.killSwitchThrownAtMs !== undefined ? { killSwitchThrownAtMs: messaging.killSwitchThrownAtMs } : {}),
    };
    const resumed = existing?.status === 'sending';
    const verdict: Verdict = resumed ? { outcome: 'send', counters: [] } : checkGuardrails(messaging.policy, situation);
    if (verdict.outcome !== 'send') return hold(verdict);

    const parsedConfig = channelDoc ? adapter.config.safeParse(channelDoc.config) : undefined;
    if (!parsedConfig?.success) return fail('channel_not_configured', `the workspace has no valid ${kind} channel configured (PUT /v1/channels/${kind})`);
    const address = adapter.addressOf(contact, parsedConfig.data, { ...(request.groupId ? { groupId: request.groupId } : {}) });
    if (!address) return hold({ outcome: 'skip', reason: 'no_address' });
    const bodies = template?.bodies as MessageBodies | undefined;
    const source = bodies?.[kind];
    if (!template || !source) return fail('template_missing', template ? `template "${request.template}" has no ${kind} message` : `template "${request.template}" does not exist`);
    if (adapter.capabilities.audience !== 'one') return joinPost();
    const unsubscribeUrl = `${options.publicUrl}/v1/unsubscribe/${signUnsubscribe(messaging.signingKey, { workspaceId, contactId, channel: kind, sendId })}`;
    let body: unknown;
    try {
      body = renderMessage(kind, source as never, templateScope(contact, unsubscribeUrl), request.category);
    } catch (error) {
      return fail('render_error', (error as Error).message);
    }

    // Counted before it goes out, all caps or none, so concurrent journeys cannot overshoot.
    const counters = verdict.counters;
    if (counters.length) {
      const full = await caps.take({ workspaceId, contactId: String(contact._id), sendKey: sendId }, counters);
      if (full) return hold(capped(messaging.policy, situation, full, request.whenCapped) as Hold);
    }
    const capKeys = resumed ? (existing?.capKeys ?? []) : counters.map((counter) => counter.key);
    const claimed = await claim(existing?.status as Pending | 'sending' | undefined, { ...base, status: 'sending', templateVersion: template.version, to: address.to, ...(address.via ? { via: address.via } : {}), capKeys });
    if (!claimed) throw new Error(`send ${sendId} is being made by another attempt; trying again shortly`);

    try {
      const statusCallbackUrl = `${options.publicUrl}/v1/channels/${kind}/status/${encodeURIComponent(sendId)}`;
      const dispatched = await adapter.send(workspaceId, parsedConfig.data, { sendId, workspaceId, ...address, body: body as never, category: request.category, unsubscribeUrl, statusCallbackUrl });
      const receipt = await finish({ _id: sendId, capKeys }, dispatched.status, {
        fields: { provider: { ...(dispatched.providerMessageId ? { messageId: dispatched.providerMessageId } : {}), ...dispatched.response } },
      });
      if (dispatched.status === 'queued' && dispatched.providerMessageId) await options.followUp?.(workspaceId, sendId, 'send');
      return receipt;
    } catch (error) {
      const reason = finalFailureReason(error, request.finalAttempt);
      if (reason) {
        if (error instanceof PermanentSendError && (error.suppress || error.optedOut)) await refuse(kind, error, at());
        return finish({ _id: sendId, capKeys }, 'failed', { reason, error: (error as Error).message });
      }
      // Not sent: the next attempt asks the guardrails again and may send.
      await sends.updateOne({ _id: sendId, status: 'sending' }, { $set: { status: 'retrying', error: (error as Error).message }, $push: { history: { status: 'retrying', at: at() } } });
      throw error;
    }

    /**
     * Marks the send as in flight, only if no other attempt did since it was read: a new send by
     * inserting it (the `_id` is unique), a held-back or retrying one by a conditional update.
     */
    async function claim(from: Pending | 'sending' | undefined, doc: SendDoc): Promise<boolean> {
      const turn = { status: 'sending' as const, at: at() };
      if (from === undefined) return insertClaim({ ...doc, history: [turn] });
      if (from === 'sending') return true;
      const { _id, history: _history, ...fields } = doc;
      const updated = await sends.updateOne({ _id, status: from }, { $set: fields, $push: { history: turn } }, { ignoreUndefined: true });
      return updated.modifiedCount === 1;
    }

    /**
     * A group or Moments post: one post for the node, target and day (the policy zone's), made
     * by whichever contact gets there first; this contact's send records that it joined it.
     */
    async function joinPost(): Promise<MessageReceipt> {
      const problems = checkSharedPost(request.channel, { [kind]: source });
      if (problems.length) return fail('render_error', problems.map((problem) => `${problem.path}: ${problem.message}`).join('; '));
      let body: unknown;
      try {
        body = renderMessage(kind, source as never, impersonalScope, request.category);
      } catch (error) {
        return fail('render_error', (error as Error).message);
      }
      const day = localDate(messaging.policy.timezone, request.nowMs);
      const origin = request.origin ?? { journeyId: '-', nodeId: request.template };
      const postId = [workspaceId, origin.journeyId, origin.nodeId, request.channel, address!.to, day].join('/');
      const state = await posts.join({
        draft: { _id: postId, workspaceId, ...(request.origin ?? {}), channel: request.channel, category: request.category, template: request.template, templateVersion: template!.version, to: address!.to, day },
        adapter: adapter!,
        config: parsedConfig!.data,
        message: { sendId: postId, workspaceId, ...address!, body, category: request.category, unsubscribeUrl: '', statusCallbackUrl: '' },
        finalAttempt: request.finalAttempt,
        at,
      });
      const joined = await recordJoined(postId, state);
      if (state.status !== 'sending' && state.status !== 'retrying') return joined;
      // Another contact's attempt was still making the post: it may have moved on before this send was recorded.
      const now = await posts.currentState(postId);
      return now ? recordJoined(postId, now, 'queued') : joined;
    }

    /** This contact's send as the post's state has it: being made or waiting for staff is `queued`. */
    async function recordJoined(postId: string, state: PostState, from?: 'queued'): Promise<MessageReceipt> {
      const status: 'sent' | 'failed' | 'queued' = state.status === 'sent' || state.status === 'failed' ? state.status : 'queued';
      const stamp = status === 'failed' ? { failedAt: at() } : status === 'sent' ? { sentAt: at() } : {};
      const $set = { status, postId, to: address!.to, templateVersion: template!.version, ...(state.via ? { via: state.via } : {}), ...(state.reason ? { reason: state.reason } : {}), ...stamp };
      const turn = { status, ...(state.reason ? { reason: state.reason } : {}), at: at() };
      if (from) await sends.updateOne({ _id: sendId, status: from }, status === from ? { $set } : { $set, $push: { history: turn } });
      else await upsertTurn($set, turn);
      return { messageId: sendId, status, ...(state.reason ? { reason: state.reason } : {}) };
    }

    /** What the provider said of the address: it refuses everything (suppressed), or its owner opted out. */
    async function refuse(channelKind: BodyKind, error: PermanentSendError, when: Date): Promise<void> {
      const $set = error.suppress ? { [`suppressions.${channelKind}`]: { reason: error.reason, at: when } } : { [`subscriptions.${channelKind}`]: 'unsubscribed' };
      await contacts.updateOne({ _id: contact!._id, workspaceId }, { $set: { ...$set, updatedAt: new Date() } });
    }
  }

  /** The contact now: one merged into another since the enrolment began is that person, and is read there. */
  async function currentContact(workspaceId: string, contactId: string) {
    let id = contactId;
    for (let hops = 0; hops <= 10 && isObjectIdOrHexString(id); hops++) {
      const found = await readContact(id);
      const contact = found?.workspaceId === workspaceId ? found : null;
      if (!contact?.mergedInto) return contact;
      id = contact.mergedInto;
    }
    return null;
  }

  /**
   * What became of a queued message or post, asked of its channel: `sent` or `failed` is
   * recorded (once, over `queued`; a post's outcome also reaches every send that joined it);
   * still waiting, it stays queued, unless this is the `last` look, which records it as
   * `failed: not_confirmed`.
   */
  async function settle(workspaceId: string, id: string, last: boolean, kind: Queued = 'send'): Promise<'sent' | 'failed' | 'queued' | 'gone'> {
    const queued = kind === 'post' ? await driverCollection(models.messagePosts).findOne({ _id: id, workspaceId }) : await sends.findOne({ _id: id, workspaceId });
    const providerMessageId = (queued?.provider as { messageId?: string } | undefined)?.messageId;
    if (!queued || queued.status !== 'queued' || !providerMessageId || !queued.to) return 'gone';
    const channel = queued.channel as Channel;
    const adapter = adapters.get(channel);
    const messaging = await workspaceMessaging(models.messagingPolicies, workspaceId);
    const channelDoc = await configs.channel(workspaceId, messaging.configVersion, bodyKindOf(channel));
    const config = channelDoc && adapter?.settle ? adapter.config.safeParse(channelDoc.config) : undefined;
    const settled = config?.success ? await adapter!.settle!(workspaceId, config.data, { sendId: id, providerMessageId, to: queued.to, ...(queued.via ? { via: queued.via } : {}) }) : undefined;
    const outcome = settled ?? (last ? { status: 'failed' as const, reason: 'not_confirmed', error: 'the staff member did not send it in time' } : undefined);
    if (!outcome) return 'queued';
    const now = new Date();
    const fields = outcome.status === 'sent' ? { sentAt: outcome.at } : { reason: outcome.reason, error: outcome.error, failedAt: now };
    const turn = { status: outcome.status, ...(outcome.status === 'failed' ? { reason: outcome.reason } : {}), at: now };
    if (kind === 'post') await posts.record(id, 'queued', { status: outcome.status, fields, turn });
    else await sends.updateOne({ _id: id, status: 'queued' }, { $set: { status: outcome.status, ...fields }, $push: { history: turn } });
    return outcome.status;
  }

  return {
    send,
    settle,
    async close() {
      await Promise.all(options.channels.map((adapter) => adapter.close?.()));
    },
  };
}
