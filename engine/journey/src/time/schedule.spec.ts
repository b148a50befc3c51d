import fc from 'fast-check';
import { fireTimesBetween, nextFireTime, schedule, Schedule } from './schedule';

const at = (iso: string) => Date.parse(iso);
const cron = (expression: string, extra: Record<string, unknown> = {}): Schedule => schedule.parse({ kind: 'cron', cron: expression, ...extra });

describe('schedule', () => {
  it('fires weekly at Monday 10:00 in the schedule’s zone', () => {
    const mondays = cron('0 10 * * 1', { timezone: 'Asia/Shanghai' });
    expect(nextFireTime(mondays, at('2026-11-23T00:00:00Z'))).toBe(at('2026-11-23T02:00:00Z'));
    expect(nextFireTime(mondays, at('2026-11-23T02:00:00Z'))).toBe(at('2026-11-30T02:00:00Z'));
  });

  it('keeps local hours across a DST change', () => {
    const mondays = cron('0 10 * * 1', { timezone: 'America/New_York' });
    expect(fireTimesBetween(mondays, at('2026-10-20T00:00:00Z'), at('2026-11-10T00:00:00Z')).map((ms) => new Date(ms).toISOString())).toEqual([
      '2026-10-26T14:00:00.000Z',
      '2026-11-02T15:00:00.000Z',
      '2026-11-09T15:00:00.000Z',
    ]);
  });

  it('fires a once-schedule once, and honours start and end', () => {
    const once = schedule.parse({ kind: 'once', at: '2026-12-01T10:00:00+08:00' });
    expect(fireTimesBetween(once, at('2026-11-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toEqual([at('2026-12-01T02:00:00Z')]);
    expect(nextFireTime(once, at('2026-12-01T02:00:00Z'))).toBeUndefined();
    const bounded = cron('0 9 * * *', { startAt: '2026-12-01T09:00:00Z', endAt: '2026-12-03T09:00:00Z' });
    expect(fireTimesBetween(bounded, at('2026-11-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toEqual([
      at('2026-12-01T09:00:00Z'),
      at('2026-12-02T09:00:00Z'),
      at('2026-12-03T09:00:00Z'),
    ]);
  });

  it('counts a daily schedule over 30 days', () => {
    expect(fireTimesBetween(cron('30 8 * * *'), at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'))).toHaveLength(30);
  });

  it('explains what is wrong with a schedule', () => {
    const problem = (value: unknown) => schedule.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(problem({ kind: 'cron', cron: '0 61 * * *' })).toEqual([expect.stringMatching(/^cron: not a valid cron expression/)]);
    expect(problem({ kind: 'cron', cron: '0 0 10 * * 1' })).toEqual([expect.stringMatching(/^cron: use the 5-field form/)]);
    expect(problem({ kind: 'cron', cron: '*/5 * * * *' })).toEqual(['cron: a schedule may fire at most every 15 minutes']);
    expect(problem({ kind: 'cron', cron: '0 10 * * 1', timezone: 'Mars/Base' })).toEqual([expect.stringMatching(/^timezone: /)]);
    expect(problem({ kind: 'cron', cron: '0 10 * * 1', startAt: '2026-12-02T00:00:00Z', endAt: '2026-12-01T00:00:00Z' })).toEqual(['endAt: the schedule must start before it ends']);
  });

  it('fires strictly later each time, for any valid hourly-or-slower schedule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom('*', '1', '1-5', '0,6'), fc.integer({ min: 0, max: 2e12 }), (minute, hour, days, from) => {
        const value = cron(`${minute} ${hour} * * ${days}`, { timezone: 'Europe/Berlin' });
        const times = fireTimesBetween(value, from, from + 30 * 86_400_000, 40);
        times.forEach((time, index) => expect(time).toBeGreaterThan(index ? times[index - 1]! : from));
      }),
      { numRuns: 20 },
    );
  });
});
