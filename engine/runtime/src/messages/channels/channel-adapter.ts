import { Audience, BodyKind, Channel, MessageBodies, MessageCategory } from '@trellis/journey';
import { NonRetryableActionError } from '@trellis/nodes';
import { z } from 'zod';
import { Contact } from '../../store/contact.schema';

/**
 * What a kind of channel can do, declared rather than assumed: a WeCom Moments post is not an
 * email. The send path reads these instead of asking which channel it is.
 */
export interface ChannelCapabilities {
  /**
   * `one`: a message to one person; `group`: a post to a customer group; `feed`: a Moments post.
   * A group or feed post is made once for everyone its journey node sends it for (see `sharedPosts`).
   */
  audience: Audience;
  /** The provider reports delivery later (status callbacks update the send log). */
  deliveryReceipts: boolean;
  /**
   * The provider drops a repeated request with the same idempotency key, so an attempt whose
   * outcome is unknown (the worker died mid-call) may be made again; otherwise it is recorded as
   * `failed: outcome_unknown` rather than risk sending twice.
   */
  dedupesRetries: boolean;
}

/** Where a contact is reached on a channel: their address, and the account it goes out through where that varies (the WeCom staff member who owns the contact). */
export interface Address {
  to: string;
  via?: string;
}

/** What the journey's node names beyond the contact: the customer group a group post goes to. */
export interface MessageTarget {
  groupId?: string;
}

/** One message, rendered and addressed, as a channel sends it. */
export interface OutgoingMessage<TBody> extends Address {
  /** The send log's id, the action's idempotency key: providers that take one get it. */
  sendId: string;
  workspaceId: string;
  body: TBody;
  category: MessageCategory;
  /** The contact's signed link to stop this kind of message. */
  unsubscribeUrl: string;
  /** Where a provider with delivery receipts reports on this message (signed by the provider). */
  statusCallbackUrl: string;
}

/** A message a channel queued, as the send log holds it. */
export interface QueuedMessage extends Address {
  sendId: string;
  providerMessageId: string;
}

/** What finally became of a queued message. */
export type Settled = { status: 'sent'; at: Date } | { status: 'failed'; reason: string; error: string };

/** What the provider said: `queued` when a person or a later step still has to deliver it. */
export interface Dispatched {
  status: 'sent' | 'queued';
  /** The account it went out through, where the channel found it (a customer group's owner). */
  via?: string;
  providerMessageId?: string;
  /** A short, serialisable record of the provider's answer, kept in the send log. */
  response?: Record<string, unknown>;
}

/**
 * The provider refused the message for good (a 5xx SMTP reply, a 4xx API answer): retrying
 * cannot help, so the send is recorded as failed with `reason`. `suppress` marks an address that
 * refuses everything (a hard bounce, a number that does not exist): later sends to it are
 * skipped. `optedOut`: the person told the provider to stop (an SMS "STOP"), which withdraws
 * their marketing consent on the channel.
 */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
  readonly reason: string;
  readonly suppress: boolean;
  readonly optedOut: boolean;

  constructor(message: string, options: { reason?: string; suppress?: boolean; optedOut?: boolean } = {}) {
    super(message);
    this.reason = options.reason ?? 'provider_rejected';
    this.suppress = options.suppress ?? false;
    this.optedOut = options.optedOut ?? false;
  }
}

/**
 * The reason an attempt that threw is recorded as failed for good, or undefined when it may be
 * tried again: the provider's refusal (`PermanentSendError`), the network guard refusing the
 * provider's address (`blocked`: a config to fix, not a moment to wait out), or the last attempt
 * Temporal will make (`provider_error`).
 */
export function finalFailureReason(error: unknown, finalAttempt: boolean): string | undefined {
  if (error instanceof PermanentSendError) return error.reason;
  if (error instanceof NonRetryableActionError) return 'blocked';
  return finalAttempt ? 'provider_error' : undefined;
}

type Bodies = Required<MessageBodies>;

/** One kind of channel behind the one interface every send goes through. */
export interface ChannelAdapter<K extends BodyKind = BodyKind, TConfig = unknown> {
  /** The channel a journey names; several share a kind of body and config (the three WeCom ones). */
  channel: Channel;
  kind: K;
  capabilities: ChannelCapabilities;
  /** The workspace's config of this channel, as stored (`channelConfigSchemas`). */
  config: z.ZodType<TConfig>;
  /** Where this contact (or, for a group post, the node's group) is reached on the channel, if anywhere. */
  addressOf(contact: Contact, config: TConfig, target: MessageTarget): Address | undefined;
  send(workspaceId: string, config: TConfig, message: OutgoingMessage<Bodies[K]>): Promise<Dispatched>;
  /**
   * For a channel that queues (a WeCom message waits for its staff member): what became of a
   * queued message, asked later; undefined while it is still waiting.
   */
  settle?(workspaceId: string, config: TConfig, queued: QueuedMessage): Promise<Settled | undefined>;
  /** Closes pooled connections (a worker shutting down, a test ending). */
  close?(): Promise<void>;
}

export type AnyChannelAdapter = ChannelAdapter<BodyKind, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The contact's identity of this kind, as an address. */
export function identityAddress(contact: Contact, kind: string): Address | undefined {
  const to = contact.identities?.find((identity) => identity.kind === kind)?.value;
  return to === undefined ? undefined : { to };
}
