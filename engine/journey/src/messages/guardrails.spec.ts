import fc from 'fast-check';
import { channels, messageCategories } from '../actions/vocabulary';
import { capCounters, capped, checkGuardrails, MessagingPolicy, messagingPolicy, SendSituation } from './guardrails';
import { audienceOf } from './message-body';

const policy: MessagingPolicy = messagingPolicy.parse({
  caps: [
    { id: 'daily', limit: 2, per: 'day' },
    { id: 'weekly', limit: 5, per: 'week' },
    { id: 'sms-daily', limit: 1, per: 'day', channels: ['sms'] },
  ],
  quietHours: { start: '21:00', end: '08:00' },
});

// 2026-11-23 was a Monday; 21:00 in Shanghai is 13:00 UTC.
const at = (iso: string) => Date.parse(iso);
const situation = (over: Partial<SendSituation> = {}): SendSituation => ({
  channel: 'wecom',
  category: 'promo',
  zone: 'Asia/Shanghai',
  nowMs: at('2026-11-23T13:00:00Z'),
  firstTriedAtMs: at('2026-11-23T13:00:00Z'),
  suppressed: false,
  handoffOpen: false,
  ...over,
});

describe('checkGuardrails', () => {
  it('holds marketing sent at 21:00 local until 08:00 the next morning', () => {
    expect(checkGuardrails(policy, situation())).toEqual({ outcome: 'defer', reason: 'quiet_hours', untilMs: at('2026-11-24T00:00:00Z') });
    // The same instant is daytime in Berlin: sent at once, counted against every cap for WeCom.
    const berlin = checkGuardrails(policy, situation({ zone: 'Europe/Berlin' }));
    expect(berlin).toEqual({
      outcome: 'send',
      counters: [
        { capId: 'daily', limit: 2, key: 'daily:2026-11-23', resetsAtMs: at('2026-11-23T23:00:00Z') },
        { capId: 'weekly', limit: 5, key: 'weekly:week-of-2026-11-23', resetsAtMs: at('2026-11-29T23:00:00Z') },
      ],
    });
  });

  it('lets service messages through quiet hours, caps, the kill switch and marketing opt-outs, but not a suppressed address', () => {
    const service = situation({ category: 'service', consent: 'unsubscribed', handoffOpen: true });
    expect(checkGuardrails({ ...policy, killSwitch: true }, service)).toEqual({ outcome: 'send', counters: [] });
    expect(checkGuardrails(policy, { ...service, suppressed: true })).toEqual({ outcome: 'skip', reason: 'suppressed' });
  });

  it('skips marketing with the reason: kill switch, no consent, an open hand-off', () => {
    const day = { nowMs: at('2026-11-23T04:00:00Z'), firstTriedAtMs: at('2026-11-23T04:00:00Z') };
    expect(checkGuardrails({ ...policy, killSwitch: true }, situation(day))).toEqual({ outcome: 'skip', reason: 'paused' });
    expect(checkGuardrails(policy, situation({ ...day, consent: 'unsubscribed' }))).toEqual({ outcome: 'skip', reason: 'no_consent' });
    expect(checkGuardrails(policy, situation({ ...day, handoffOpen: true }))).toEqual({ outcome: 'skip', reason: 'handoff_open' });
  });

  it('drops marketing held back before the kill switch was thrown, even once it is released: no back-fill', () => {
    const morning = { nowMs: at('2026-11-24T00:00:00Z'), firstTriedAtMs: at('2026-11-23T13:00:00Z') };
    expect(checkGuardrails(policy, situation({ ...morning, killSwitchThrownAtMs: at('2026-11-23T15:00:00Z') }))).toEqual({ outcome: 'skip', reason: 'paused' });
    // Tried first after the switch was released: sent as usual.
    const later = { nowMs: at('2026-11-24T01:00:00Z'), firstTriedAtMs: at('2026-11-24T01:00:00Z'), killSwitchThrownAtMs: at('2026-11-23T15:00:00Z') };
    expect(checkGuardrails(policy, situation(later))).toMatchObject({ outcome: 'send' });
  });

  it('drops a message held back past the expiry instead of sending it late', () => {
    const short = { ...policy, deferralExpiry: { amount: 6, unit: 'hours' as const } };
    expect(checkGuardrails(short, situation())).toEqual({ outcome: 'skip', reason: 'expired' });
    const woken = situation({ nowMs: at('2026-11-25T00:00:00Z') });
    expect(checkGuardrails(policy, woken)).toEqual({ outcome: 'skip', reason: 'expired' });
  });

  it('holds a capped message until its period ends, or skips it, as the node says', () => {
    const morning = situation({ nowMs: at('2026-11-24T00:00:00Z'), firstTriedAtMs: at('2026-11-24T00:00:00Z') });
    const [daily] = capCounters(policy, 'wecom', 'Asia/Shanghai', morning.nowMs);
    expect(capped(policy, morning, daily!, 'skip')).toEqual({ outcome: 'skip', reason: 'cap:daily' });
    expect(capped(policy, morning, daily!, 'defer')).toEqual({ outcome: 'defer', reason: 'cap:daily', untilMs: at('2026-11-24T16:00:00Z') });
    // Tried first the evening before, it would be held past the 24-hour expiry: dropped.
    expect(capped(policy, { ...morning, firstTriedAtMs: at('2026-11-23T13:00:00Z') }, daily!, 'defer')).toEqual({ outcome: 'skip', reason: 'expired' });
  });

  it('posts to a customer group or Moments whatever the contact who reached the node has said, within the workspace’s quiet hours', () => {
    const personal = { consent: 'unsubscribed' as const, suppressed: true, handoffOpen: true };
    const berlinDay = { zone: 'Europe/Berlin', nowMs: at('2026-11-23T13:00:00Z'), firstTriedAtMs: at('2026-11-23T13:00:00Z') };
    // 21:00 in the policy's zone (Shanghai) is quiet for a group, though the contact is in Berlin.
    expect(checkGuardrails(policy, situation({ ...personal, ...berlinDay, channel: 'wecom_group' }))).toEqual({ outcome: 'defer', reason: 'quiet_hours', untilMs: at('2026-11-24T00:00:00Z') });
    // Morning in Shanghai: posted, counted against no contact's caps.
    const morning = { nowMs: at('2026-11-24T01:00:00Z'), firstTriedAtMs: at('2026-11-24T01:00:00Z') };
    expect(checkGuardrails(policy, situation({ ...personal, ...morning, channel: 'wecom_moments' }))).toEqual({ outcome: 'send', counters: [] });
    expect(checkGuardrails({ ...policy, killSwitch: true }, situation({ ...morning, channel: 'wecom_group' }))).toEqual({ outcome: 'skip', reason: 'paused' });
  });

  it('refuses caps on group posts and Moments: caps count what one person receives', () => {
    const parsed = messagingPolicy.safeParse({ caps: [{ id: 'groups', limit: 1, per: 'day', channels: ['wecom', 'wecom_group'] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('caps count messages to one person: group posts and Moments are not counted');
  });

  it('counts SMS against its own cap as well as the cross-channel ones', () => {
    expect(capCounters(policy, 'sms', 'Asia/Shanghai', at('2026-11-24T02:00:00Z')).map((counter) => counter.key)).toEqual(['daily:2026-11-24', 'weekly:week-of-2026-11-23', 'sms-daily:2026-11-24']);
  });
});

const zones = fc.constantFrom('Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Kiritimati', 'UTC');
const instants = fc.integer({ min: at('2024-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z') });
const clock = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);

describe('guardrail properties', () => {
  it('a deferral for quiet hours ends when quiet hours do: at that instant the message may go', () => {
    fc.assert(
      fc.property(zones, instants, clock, clock, (zone, nowMs, start, end) => {
        fc.pre(start !== end);
        const quiet = { ...policy, quietHours: { start, end }, deferralExpiry: { amount: 2, unit: 'days' as const } };
        const verdict = checkGuardrails(quiet, situation({ zone, nowMs, firstTriedAtMs: nowMs }));
        if (verdict.outcome !== 'defer') return;
        expect(verdict.untilMs).toBeGreaterThan(nowMs);
        expect(verdict.untilMs - nowMs).toBeLessThanOrEqual(25 * 3_600_000);
        expect(checkGuardrails(quiet, situation({ zone, nowMs: verdict.untilMs, firstTriedAtMs: nowMs })).outcome).toBe('send');
      }),
    );
  });

  it('service messages are never held back, whatever the policy', () => {
    fc.assert(
      fc.property(zones, instants, fc.constantFrom(...channels), fc.boolean(), fc.boolean(), (zone, nowMs, channelUsed, killSwitch, handoffOpen) => {
        const verdict = checkGuardrails({ ...policy, killSwitch }, situation({ zone, nowMs, firstTriedAtMs: nowMs - 10 * 86_400_000, channel: channelUsed, category: 'service', handoffOpen, consent: 'unsubscribed' }));
        expect(verdict).toEqual({ outcome: 'send', counters: [] });
      }),
    );
  });

  it('a counter is the same all through its period and resets after it', () => {
    fc.assert(
      fc.property(zones, instants, fc.constantFrom(...channels), (zone, nowMs, channelUsed) => {
        for (const counter of capCounters(policy, channelUsed, zone, nowMs)) {
          expect(counter.resetsAtMs).toBeGreaterThan(nowMs);
          const later = capCounters(policy, channelUsed, zone, counter.resetsAtMs - 1).find((other) => other.capId === counter.capId);
          const next = capCounters(policy, channelUsed, zone, counter.resetsAtMs).find((other) => other.capId === counter.capId);
          expect(later?.key).toBe(counter.key);
          expect(next?.key).not.toBe(counter.key);
        }
      }),
    );
  });

  it('every verdict for marketing is explained: sent with its counters, or held with a reason', () => {
    fc.assert(
      fc.property(zones, instants, fc.constantFrom(...channels), fc.constantFrom(...messageCategories), (zone, nowMs, channelUsed, category) => {
        const verdict = checkGuardrails(policy, situation({ zone, nowMs, firstTriedAtMs: nowMs, channel: channelUsed, category }));
        const counted = category === 'service' || audienceOf(channelUsed) !== 'one' ? 0 : channelUsed === 'sms' ? 3 : 2;
        if (verdict.outcome === 'send') expect(verdict.counters.length).toBe(counted);
        else expect(verdict.reason).toBe('quiet_hours');
      }),
    );
  });
});
