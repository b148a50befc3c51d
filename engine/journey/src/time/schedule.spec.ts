import fc from 'fast-check';
import { DateTime } from 'luxon';
import { plainCron, contactFireTime, earliestTimeZone, fireTimesBetween, firingClock, firingWaves, nextFireTime, schedule, Schedule } from './schedule';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();
const cron = (expression: string, extra: Record<string, unknown> = {}): Schedule => schedule.parse({ kind: 'cron', cron: expression, ...extra });
const problems = (value: unknown) => schedule.safeParse(value).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
const cronProblems = (expression: string) => problems({ kind: 'cron', cron: expression });
const dayMs = 86_400_000;

describe('schedule', () => {
  it('fires weekly at Monday 10:00 in the schedule’s zone', () => {
    const mondays = cron('0 10 * * 1', { timezone: 'Asia/Shanghai' });
    // 2026-11-23 is a Monday; 10:00 in Shanghai (UTC+8, no DST) is 02:00 UTC.
    expect(nextFireTime(mondays, at('2026-11-23T00:00:00Z'))).toBe(at('2026-11-23T02:00:00Z'));
    expect(nextFireTime(mondays, at('2026-11-23T02:00:00Z'))).toBe(at('2026-11-30T02:00:00Z'));
    expect(nextFireTime(mondays, at('2026-11-23T01:59:59.999Z'))).toBe(at('2026-11-23T02:00:00Z'));
    expect(fireTimesBetween(mondays, at('2026-11-30T00:00:00Z'), at('2027-01-01T00:00:00Z')).map(iso)).toEqual([
      '2026-11-30T02:00:00.000Z',
      '2026-12-07T02:00:00.000Z',
      '2026-12-14T02:00:00.000Z',
      '2026-12-21T02:00:00.000Z',
      '2026-12-28T02:00:00.000Z',
    ]);
  });

  it('defaults the zone to UTC and accepts weekday names', () => {
    const mondays = cron('0 10 * * MON');
    expect(mondays).toMatchObject({ timezone: 'UTC' });
    expect(nextFireTime(mondays, at('2026-11-23T00:00:00Z'))).toBe(at('2026-11-23T10:00:00Z'));
  });

  it('keeps 10:00 local across the autumn DST change in New York', () => {
    const mondays = cron('0 10 * * 1', { timezone: 'America/New_York' });
    const times = fireTimesBetween(mondays, at('2026-10-20T00:00:00Z'), at('2026-11-10T00:00:00Z'));
    // EDT (UTC-4) until 2026-11-01, EST (UTC-5) after.
    expect(times.map(iso)).toEqual(['2026-10-26T14:00:00.000Z', '2026-11-02T15:00:00.000Z', '2026-11-09T15:00:00.000Z']);
    expect(times.map((ms) => DateTime.fromMillis(ms, { zone: 'America/New_York' }).toFormat('ccc HH:mm'))).toEqual(['Mon 10:00', 'Mon 10:00', 'Mon 10:00']);
  });

  it('keeps local hours across the spring DST change, and on the change day itself', () => {
    const daily = cron('0 9 * * *', { timezone: 'America/New_York' });
    expect(fireTimesBetween(daily, at('2026-03-07T00:00:00Z'), at('2026-03-10T00:00:00Z')).map(iso)).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
    // 02:30 does not exist on 2026-03-08 in New York: it fires at 03:30 EDT instead of being skipped.
    const skipped = cron('30 2 * * *', { timezone: 'America/New_York' });
    expect(nextFireTime(skipped, at('2026-03-08T05:00:00Z'))).toBe(at('2026-03-08T07:30:00Z'));
  });

  it('fires a once-schedule once, at an instant written with its offset', () => {
    const once = schedule.parse({ kind: 'once', at: '2026-12-01T10:00+08:00' });
    expect(nextFireTime(once, at('2026-11-01T00:00:00Z'))).toBe(at('2026-12-01T02:00:00Z'));
    expect(nextFireTime(once, at('2026-12-01T01:59:59.999Z'))).toBe(at('2026-12-01T02:00:00Z'));
    expect(nextFireTime(once, at('2026-12-01T02:00:00Z'))).toBeUndefined();
    expect(fireTimesBetween(once, at('2026-11-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toEqual([at('2026-12-01T02:00:00Z')]);
    expect(fireTimesBetween(once, at('2026-11-01T00:00:00Z'), at('2026-12-01T01:00:00Z'))).toEqual([]);
    expect(schedule.parse({ kind: 'once', at: '2026-12-01T10:00:00.250-05:00' })).toEqual({ kind: 'once', at: '2026-12-01T10:00:00.250-05:00' });
  });

  it('fires only between startAt and endAt, both inclusive', () => {
    const bounded = cron('0 9 * * *', { startAt: '2026-12-01T09:00:00Z', endAt: '2026-12-03T09:00:00Z' });
    expect(fireTimesBetween(bounded, at('2026-11-01T00:00:00Z'), at('2027-01-01T00:00:00Z')).map(iso)).toEqual([
      '2026-12-01T09:00:00.000Z',
      '2026-12-02T09:00:00.000Z',
      '2026-12-03T09:00:00.000Z',
    ]);
    expect(nextFireTime(bounded, at('2020-01-01T00:00:00Z'))).toBe(at('2026-12-01T09:00:00Z'));
    expect(nextFireTime(bounded, at('2026-12-03T09:00:00Z'))).toBeUndefined();
    expect(nextFireTime(bounded, at('2030-01-01T00:00:00Z'))).toBeUndefined();
    // Bounds between firings: the first firing is the one after the start, the last the one before the end.
    const inside = cron('0 9 * * *', { timezone: 'Asia/Shanghai', startAt: '2026-12-01T09:00:01+08:00', endAt: '2026-12-04T08:59+08:00' });
    expect(fireTimesBetween(inside, 0, at('2027-01-01T00:00:00Z')).map(iso)).toEqual(['2026-12-02T01:00:00.000Z', '2026-12-03T01:00:00.000Z']);
  });

  it('counts firings in (from, to], capped by the limit', () => {
    const daily = cron('30 8 * * *');
    expect(fireTimesBetween(daily, at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'))).toHaveLength(30);
    // The interval excludes its start and includes its end.
    expect(fireTimesBetween(daily, at('2026-11-01T08:30:00Z'), at('2026-11-03T08:30:00Z')).map(iso)).toEqual(['2026-11-02T08:30:00.000Z', '2026-11-03T08:30:00.000Z']);
    expect(fireTimesBetween(daily, at('2026-11-01T00:00:00Z'), at('2027-11-01T00:00:00Z'), 7)).toHaveLength(7);
    expect(fireTimesBetween(daily, at('2026-11-01T00:00:00Z'), at('2027-11-01T00:00:00Z'))).toHaveLength(365);
    expect(fireTimesBetween(daily, at('2026-11-01T00:00:00Z'), at('2027-11-01T00:00:00Z'), 0)).toEqual([]);
    expect(fireTimesBetween(daily, at('2026-12-01T00:00:00Z'), at('2026-11-01T00:00:00Z'))).toEqual([]);
    expect(fireTimesBetween(cron('*/15 * * * *'), at('2026-11-01T00:00:00Z'), at('2026-11-02T00:00:00Z'))).toHaveLength(96);
  });

  it('reads a hashed H field the same way every time', () => {
    const hashed = cron('H 10 * * 1');
    const first = nextFireTime(hashed, at('2026-11-23T00:00:00Z'))!;
    expect(nextFireTime(hashed, at('2026-11-23T00:00:00Z'))).toBe(first);
    expect(nextFireTime(hashed, first)).toBe(first + 7 * dayMs);
  });

  it('explains an invalid cron expression with the parser’s reason', () => {
    expect(cronProblems('0 61 * * *')).toEqual(['cron: not a valid cron expression: Constraint error, got value 61 expected range 0-23']);
    expect(cronProblems('0 10 * * funday')).toEqual([expect.stringMatching(/^cron: not a valid cron expression: .*"fun"/)]);
    expect(cronProblems('0 0 30 2 *')).toEqual([expect.stringMatching(/^cron: not a valid cron expression: /)]);
    expect(cronProblems('*/0 10 * * *')).toEqual([expect.stringMatching(/^cron: not a valid cron expression: /)]);
  });

  it('accepts only the 5-field form', () => {
    expect(cronProblems('0 0 10 * * 1')).toEqual(['cron: seconds are not supported: use the 5 fields "minute hour day-of-month month day-of-week", e.g. "0 10 * * 1"']);
    expect(cronProblems('0 10 * *')).toEqual(['cron: use the 5 fields "minute hour day-of-month month day-of-week", e.g. "0 10 * * 1" (got 4)']);
    expect(cronProblems('@weekly')).toEqual([expect.stringMatching(/^cron: use the 5 fields .*\(got 1\)$/)]);
    expect(cronProblems('')).toEqual([expect.stringMatching(/^cron: use the 5 fields .*\(got 0\)$/)]);
    expect(cron('  0   10 * *  1 ')).toMatchObject({ cron: '0   10 * *  1' });
  });

  it('refuses schedules that fire more than once per 15 minutes', () => {
    const tooOften = ['cron: a schedule may fire at most every 15 minutes'];
    expect(cronProblems('* * * * *')).toEqual(tooOften);
    expect(cronProblems('*/5 * * * *')).toEqual(tooOften);
    expect(cronProblems('0,10 9 * * 1')).toEqual(tooOften);
    // 09:50 then 10:00: ten minutes apart across the hour.
    expect(cronProblems('0,50 9,10 * * 1')).toEqual(tooOften);
    // 23:55 then 00:00 the next day, Sunday into Monday.
    expect(cronProblems('0,55 0,23 * * 0,1')).toEqual(tooOften);
    expect(cronProblems('0,55 0,23 31,1 * *')).toEqual(tooOften);
    // The same hours on days that are never consecutive are far enough apart.
    expect(cronProblems('0,55 0,23 * * 1')).toBeUndefined();
    expect(cronProblems('*/15 * * * *')).toBeUndefined();
    expect(cronProblems('0 * * * *')).toBeUndefined();
    expect(cronProblems('0,45 9 * * *')).toBeUndefined();
  });

  it('explains bad zones, instants and bounds', () => {
    expect(problems({ kind: 'cron', cron: '0 10 * * 1', timezone: 'Mars/Base' })).toEqual(['timezone: an IANA time zone such as "Asia/Shanghai"']);
    expect(problems({ kind: 'cron', cron: '0 10 * * 1', startAt: '2026-12-02T00:00:00Z', endAt: '2026-12-01T00:00:00Z' })).toEqual(['endAt: the schedule must start before it ends']);
    expect(problems({ kind: 'cron', cron: '0 10 * * 1', startAt: '2026-12-01T00:00:00Z', endAt: '2026-12-01T00:00:00Z' })).toEqual(['endAt: the schedule must start before it ends']);
    expect(problems({ kind: 'once', at: '2026-12-01T10:00:00' })).toEqual(['at: an ISO date-time with an offset, e.g. "2026-12-01T10:00+08:00"']);
    expect(problems({ kind: 'once', at: '2026-02-30T10:00:00Z' })).toEqual(['at: not a real date and time']);
    expect(problems({ kind: 'cron', cron: '0 10 * * 1', startAt: 'soon' })).toEqual([expect.stringMatching(/^startAt: an ISO date-time/)]);
    expect(problems({ kind: 'weekly', cron: '0 10 * * 1' })?.[0]).toMatch(/^kind: /);
    expect(problems({ kind: 'once', at: '2026-12-01T10:00:00Z', cron: '0 10 * * 1' })?.[0]).toMatch(/unrecognized key/i);
  });

  it('describes every field for the editor', () => {
    type Described = { description?: string; properties?: Record<string, Described> };
    const json = schedule.toJSONSchema({ io: 'input', unrepresentable: 'any' }) as Described & { oneOf: Described[] };
    expect(json.description).toBeTruthy();
    const [cronVariant, onceVariant] = json.oneOf;
    for (const field of ['kind', 'cron', 'timezone', 'startAt', 'endAt']) expect(cronVariant?.properties?.[field]?.description).toBeTruthy();
    for (const field of ['kind', 'at']) expect(onceVariant?.properties?.[field]?.description).toBeTruthy();
  });

  it('sees the firings a spring-forward moves past its gap wherever a search starts (found by the property below)', () => {
    // 2008-03-09 02:00–03:00 does not exist in New York; "*/15 2 9 3 *" fires at 03:00, 03:15, 03:30, 03:45 EDT.
    const value = cron('*/15 2 9 3 *', { timezone: 'America/New_York' });
    const gapDay = [0, 15, 30, 45].map((minutes) => Date.UTC(2008, 2, 9, 7, minutes));
    expect(fireTimesBetween(value, Date.UTC(2008, 0, 1), Date.UTC(2008, 2, 10))).toEqual(gapDay);
    expect(nextFireTime(value, gapDay[0]!)).toBe(gapDay[1]);
    expect(nextFireTime(value, gapDay[3]!)).toBe(Date.UTC(2009, 2, 9, 6, 0));
  });

  it('rejects an instant that is not a number', () => {
    expect(() => nextFireTime(cron('0 10 * * 1'), Number.NaN)).toThrow(RangeError);
  });
});

describe('schedule properties', () => {
  const zones = ['UTC', 'Asia/Shanghai', 'Asia/Kolkata', 'America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Santiago', 'Pacific/Chatham'];
  const minute = fc.oneof(fc.integer({ min: 0, max: 59 }).map(String), fc.constantFrom('*/15', '*/20', '0,30', '5,45', 'H'));
  const hour = fc.oneof(fc.integer({ min: 0, max: 23 }).map(String), fc.constantFrom('*', '*/2', '9-17', '1,2,3', '0,23'));
  const dayOfMonth = fc.oneof(fc.integer({ min: 1, max: 31 }).map(String), fc.constantFrom('*', '*', '*', 'L', '1,15', '29'));
  const month = fc.oneof(fc.integer({ min: 1, max: 12 }).map(String), fc.constantFrom('*', '*', '*', '1-6', '2', 'DEC'));
  const dayOfWeek = fc.oneof(fc.integer({ min: 0, max: 7 }).map(String), fc.constantFrom('*', '*', '*', '1-5', 'MON,FRI', '1#2', '5L', '0,6'));
  const expression = fc.tuple(minute, hour, dayOfMonth, month, dayOfWeek).map((fields) => fields.join(' '));
  const instant = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2090, 0, 1) });
  const bounds = fc.option(fc.tuple(instant, fc.integer({ min: 1, max: 5 * 365 * dayMs })), { nil: undefined });

  it('fires strictly later each time, within its bounds, and never throws for a valid schedule', () => {
    fc.assert(
      fc.property(expression, fc.constantFrom(...zones), bounds, instant, (cronText, timezone, range, from) => {
        const input = { kind: 'cron', cron: cronText, timezone, ...(range && { startAt: iso(range[0]), endAt: iso(range[0] + range[1]) }) };
        const parsed = schedule.safeParse(input);
        fc.pre(parsed.success);
        const value = parsed.data!;
        const times: number[] = [];
        for (let previous = from, next = nextFireTime(value, previous); next !== undefined && times.length < 8; previous = next, next = nextFireTime(value, previous)) {
          expect(next).toBeGreaterThan(previous);
          if (range) {
            expect(next).toBeGreaterThanOrEqual(range[0]);
            expect(next).toBeLessThanOrEqual(range[0] + range[1]);
          }
          times.push(next);
        }
        if (times.length) expect(fireTimesBetween(value, from, times[times.length - 1]!)).toEqual(times);
      }),
      { numRuns: 150 },
    );
  });

  it('fires a once-schedule exactly when asked after an earlier instant', () => {
    fc.assert(
      fc.property(instant, instant, (fire, from) => {
        const value = schedule.parse({ kind: 'once', at: iso(fire) });
        expect(nextFireTime(value, from)).toBe(fire > from ? fire : undefined);
        expect(fireTimesBetween(value, from, fire)).toEqual(fire > from ? [fire] : []);
      }),
    );
  });
});

describe('schedules in each contact’s own time zone', () => {
  const zones = ['Asia/Shanghai', 'Asia/Tokyo', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu', 'Pacific/Kiritimati', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'];

  it('reaches every zone at Monday 08:00 on its own clock, earliest zone first', () => {
    const mondays = cron('0 8 * * 1', { timezone: 'Asia/Shanghai', inContactTimeZone: true });
    // The firing is computed in the earliest zone: Monday 08:00 at UTC+14 is Sunday 18:00 UTC.
    const firing = nextFireTime(firingClock(mondays), at('2026-11-20T00:00:00Z'))!;
    expect(iso(firing)).toBe('2026-11-22T18:00:00.000Z');
    expect(iso(contactFireTime(mondays, firing, 'Asia/Shanghai'))).toBe('2026-11-23T00:00:00.000Z');
    expect(iso(contactFireTime(mondays, firing, 'Europe/Berlin'))).toBe('2026-11-23T07:00:00.000Z');
    expect(iso(contactFireTime(mondays, firing, 'America/Los_Angeles'))).toBe('2026-11-23T16:00:00.000Z');
    // No zone of its own: the schedule's.
    expect(contactFireTime(mondays, firing, undefined)).toBe(contactFireTime(mondays, firing, 'Asia/Shanghai'));
    expect(firingWaves(mondays, firing, ['Europe/Berlin', 'Asia/Shanghai', 'Asia/Singapore', 'Europe/Berlin', 'Europe/Paris']).map((wave) => ({ ...wave, at: iso(wave.at) }))).toEqual([
      { at: '2026-11-23T00:00:00.000Z', zones: ['Asia/Shanghai', 'Asia/Singapore'] },
      { at: '2026-11-23T07:00:00.000Z', zones: ['Europe/Berlin', 'Europe/Paris'] },
    ]);
  });

  it('keeps the local hour across a daylight-saving change', () => {
    const sundays = cron('0 9 * * 0', { inContactTimeZone: true });
    // New York leaves DST on 2026-11-01: 09:00 is 13:00 UTC the Sunday before, 14:00 UTC on it.
    const before = nextFireTime(firingClock(sundays), at('2026-10-20T00:00:00Z'))!;
    const on = nextFireTime(firingClock(sundays), before)!;
    expect(iso(contactFireTime(sundays, before, 'America/New_York'))).toBe('2026-10-25T13:00:00.000Z');
    expect(iso(contactFireTime(sundays, on, 'America/New_York'))).toBe('2026-11-01T14:00:00.000Z');
  });

  it('leaves schedules in one zone, and one-off ones, firing for everyone at once', () => {
    const shanghai = cron('0 8 * * 1', { timezone: 'Asia/Shanghai' });
    expect(firingClock(shanghai)).toBe(shanghai);
    expect(contactFireTime(shanghai, 1_000, 'Europe/Berlin')).toBe(1_000);
    const once = schedule.parse({ kind: 'once', at: '2026-12-01T10:00+08:00' });
    expect(firingWaves(once, 5_000, ['Asia/Tokyo', 'UTC'])).toEqual([{ at: 5_000, zones: ['Asia/Tokyo', 'UTC'] }]);
  });

  it('reaches each zone at the firing’s wall-clock time, never before the firing and within 26 hours', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: at('2026-01-01T00:00:00Z'), max: at('2030-01-01T00:00:00Z') }),
        fc.constantFrom(...zones),
        (hour, minute, weekday, from, zone) => {
          const value = cron(`${minute} ${hour} * * ${weekday}`, { inContactTimeZone: true });
          const firing = nextFireTime(firingClock(value), from)!;
          const reached = contactFireTime(value, firing, zone);
          expect(reached).toBeGreaterThanOrEqual(firing);
          expect(reached - firing).toBeLessThanOrEqual(26 * 3_600_000);
          const wall = DateTime.fromMillis(firing, { zone: earliestTimeZone });
          const there = DateTime.fromMillis(reached, { zone });
          // The same local date, and the same time unless a spring-forward skipped it.
          expect(there.toISODate()).toBe(wall.toISODate());
          if (there.hour !== hour || there.minute !== minute) expect(there.offset).toBeGreaterThan(DateTime.fromMillis(reached - 3_600_000, { zone }).offset);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('plainCron', () => {
  it('resolves hashed fields and names for schedulers that read cron themselves', () => {
    expect(plainCron('0 8 * * mon-fri')).toBe('0 8 * * 1-5');
    expect(plainCron('H 10 * * 1')).toMatch(/^\d{1,2} 10 \* \* 1$/);
    expect(plainCron('H 10 * * 1')).toBe(plainCron('H 10 * * 1'));
  });
});
