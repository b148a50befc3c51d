import { z } from 'zod';
import { channel, Channel, MessageCategory } from '../actions/vocabulary';
import { duration } from '../duration';
import { durationMs } from '../duration-ms';
import { nextSendTime } from '../time/next-send-time';
import { timeOfDay, timeZone } from '../time/send-window';
import { localDay, wallTimeToInstant, weekdayIndex } from '../time/zone-clock';
import { audienceOf } from './message-body';

/**
 * The workspace-wide rules every send obeys, whichever journey sends it, so that no contact is
 * flooded: frequency caps, quiet hours, consent, open hand-offs and a kill switch. Caps and quiet
 * hours apply to marketing (`content`, `promo`); `service` messages (an order update, a reply the
 * contact asked for) are exempt from them.
 */

export const frequencyCap = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'a short name of lower-case letters, digits, "-" and "_", e.g. "daily"'),
  limit: z.number().int().min(1).max(1000).describe('At most this many marketing messages…'),
  per: z.enum(['day', 'week']).describe('…per local calendar day, or per week from Monday, in the contact’s zone.'),
  channels: z
    .array(channel)
    .min(1)
    .optional()
    .refine((listed) => !listed?.some((each) => audienceOf(each) !== 'one'), 'caps count messages to one person: group posts and Moments are not counted')
    .describe('Count only messages on these channels; every channel without.'),
});
export type FrequencyCap = z.infer<typeof frequencyCap>;

export const messagingPolicy = z.strictObject({
  caps: z
    .array(frequencyCap)
    .max(20)
    .default([])
    .refine((caps) => new Set(caps.map((cap) => cap.id)).size === caps.length, 'each cap needs its own id'),
  quietHours: z
    .strictObject({ start: timeOfDay.describe('When quiet begins, e.g. "21:00".'), end: timeOfDay.describe('When sending may resume, e.g. "08:00".') })
    .refine((quiet) => quiet.start !== quiet.end, { message: 'quiet hours need a start and an end that differ', path: ['end'] })
    .optional()
    .describe('Marketing waits out these local hours, in the contact’s zone.'),
  timezone: timeZone.default('Asia/Shanghai').describe('The zone of contacts whose own zone is unknown.'),
  deferralExpiry: duration.default({ amount: 24, unit: 'hours' }).describe('A message held back longer than this is dropped, not sent late.'),
  killSwitch: z.boolean().default(false).describe('Stops every marketing send at once; held-back ones are dropped, none are sent on resume.'),
});
export type MessagingPolicy = z.infer<typeof messagingPolicy>;

/** Why a message was not sent (yet); kept in the send log and the contact's timeline. */
export type HoldReason = 'quiet_hours' | `cap:${string}` | 'no_consent' | 'suppressed' | 'handoff_open' | 'paused' | 'expired' | 'no_address';

/** What a send knows when it asks the guardrails. */
export interface SendSituation {
  channel: Channel;
  category: MessageCategory;
  /** The contact's zone, if known (the policy's zone otherwise). */
  zone?: string;
  nowMs: number;
  /** When this send was first attempted: a send held back past `deferralExpiry` is dropped. */
  firstTriedAtMs: number;
  /** The contact's consent for marketing on this channel; unknown counts as not refused. */
  consent?: 'subscribed' | 'unsubscribed';
  /** The address refuses everything (a bounce, a block, a complaint). */
  suppressed: boolean;
  /** A hand-off case for the contact is open: marketing waits until people have talked. */
  handoffOpen: boolean;
  /**
   * When the kill switch was last thrown: a marketing send first tried before then (held back by
   * quiet hours or a cap) is dropped, not sent late once the switch is released.
   */
  killSwitchThrownAtMs?: number;
}

/** One counter a marketing send takes a unit of, per cap, for the period it falls in. */
export interface CapCounter {
  capId: string;
  limit: number;
  /** `capId:period` (`daily:2026-11-23`, `weekly:week-of-2026-11-23`, the Monday): counters of one contact are keyed by it. */
  key: string;
  /** When the period ends and the counter no longer applies. */
  resetsAtMs: number;
}

export type Verdict =
  | { outcome: 'send'; counters: CapCounter[] }
  | { outcome: 'skip'; reason: HoldReason }
  | { outcome: 'defer'; reason: HoldReason; untilMs: number };

const marketing = (category: MessageCategory) => category !== 'service';

/**
 * What the guardrails say before counting: skip (with the reason), defer to when sending is
 * allowed, or send after taking a unit of each counter listed (the runtime takes them
 * atomically; a full one is `capped`).
 *
 * A group post or a Moments post is one message many people see, not a message to the contact
 * whose journey made it: the contact's consent, suppressions, hand-offs and caps are about
 * their own inbox and do not apply; quiet hours are the workspace's (the policy's zone), and the
 * kill switch stops it like any marketing.
 */
export function checkGuardrails(policy: MessagingPolicy, situation: SendSituation): Verdict {
  const { category, nowMs } = situation;
  if (audienceOf(situation.channel) !== 'one') {
    const { consent: _consent, ...workspaceWide } = situation;
    const verdict = checkGuardrails(policy, { ...workspaceWide, channel: 'wecom', suppressed: false, handoffOpen: false, zone: policy.timezone });
    return verdict.outcome === 'send' ? { outcome: 'send', counters: [] } : verdict;
  }
  if (situation.suppressed) return { outcome: 'skip', reason: 'suppressed' };
  if (!marketing(category)) return { outcome: 'send', counters: [] };
  if (policy.killSwitch || (situation.killSwitchThrownAtMs !== undefined && situation.firstTriedAtMs < situation.killSwitchThrownAtMs)) {
    return { outcome: 'skip', reason: 'paused' };
  }
  if (situation.consent === 'unsubscribed') return { outcome: 'skip', reason: 'no_consent' };
  if (situation.handoffOpen) return { outcome: 'skip', reason: 'handoff_open' };
  const zone = situation.zone ?? policy.timezone;
  if (policy.quietHours) {
    const allowedFrom = nextSendTime({ start: policy.quietHours.end, end: policy.quietHours.start }, nowMs, zone);
    if (allowedFrom > nowMs) return deferOrExpire(policy, situation, 'quiet_hours', allowedFrom);
  }
  if (nowMs > expiresAt(policy, situation)) return { outcome: 'skip', reason: 'expired' };
  return { outcome: 'send', counters: capCounters(policy, situation.channel, zone, nowMs) };
}

/** A cap whose counter was full: hold the message until the period ends, or drop it. */
export function capped(policy: MessagingPolicy, situation: SendSituation, counter: CapCounter, whenCapped: 'skip' | 'defer'): Verdict {
  const reason: HoldReason = `cap:${counter.capId}`;
  return whenCapped === 'skip' ? { outcome: 'skip', reason } : deferOrExpire(policy, situation, reason, counter.resetsAtMs);
}

/** The counters of the caps that count this channel, for the period `nowMs` falls in. */
export function capCounters(policy: MessagingPolicy, channelUsed: Channel, zone: string, nowMs: number): CapCounter[] {
  const today = localDay(zone, nowMs);
  return policy.caps
    .filter((cap) => !cap.channels || cap.channels.includes(channelUsed))
    .map((cap) => {
      const first = cap.per === 'day' ? today : today - weekdayIndex(today);
      const days = cap.per === 'day' ? 1 : 7;
      const label = new Date(first * 86_400_000).toISOString().slice(0, 10);
      return { capId: cap.id, limit: cap.limit, key: `${cap.id}:${cap.per === 'day' ? '' : 'week-of-'}${label}`, resetsAtMs: wallTimeToInstant(zone, first + days, 0) };
    });
}

function expiresAt(policy: MessagingPolicy, situation: SendSituation): number {
  return situation.firstTriedAtMs + durationMs(policy.deferralExpiry);
}

function deferOrExpire(policy: MessagingPolicy, situation: SendSituation, reason: HoldReason, untilMs: number): Verdict {
  return untilMs > expiresAt(policy, situation) ? { outcome: 'skip', reason: 'expired' } : { outcome: 'defer', reason, untilMs };
}
