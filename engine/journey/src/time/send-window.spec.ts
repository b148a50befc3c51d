import { nextSendTime } from './next-send-time';
import { sendWindow } from './send-window';

const at = (iso: string) => Date.parse(iso);

describe('nextSendTime', () => {
  const daytime = sendWindow.parse({ start: '10:00', end: '20:00' });

  it('sends at once inside the window, in the contact’s zone', () => {
    expect(nextSendTime(daytime, at('2026-11-23T04:00:00Z'), 'Asia/Shanghai')).toBe(at('2026-11-23T04:00:00Z')); // 12:00 local
  });

  it('defers to the window’s next opening when outside it', () => {
    expect(nextSendTime(daytime, at('2026-11-23T13:30:00Z'), 'Asia/Shanghai')).toBe(at('2026-11-24T02:00:00Z')); // 21:30 → 10:00 next day
    expect(nextSendTime(daytime, at('2026-11-23T00:30:00Z'), 'Asia/Shanghai')).toBe(at('2026-11-23T02:00:00Z')); // 08:30 → 10:00
  });

  it('treats the end as exclusive and handles windows over midnight', () => {
    expect(nextSendTime(daytime, at('2026-11-23T12:00:00Z'), 'Asia/Shanghai')).toBe(at('2026-11-24T02:00:00Z')); // 20:00 sharp is closed
    const night = sendWindow.parse({ start: '22:00', end: '06:00' });
    expect(nextSendTime(night, at('2026-11-23T19:00:00Z'), 'UTC')).toBe(at('2026-11-23T19:00:00Z') + 3 * 3_600_000);
    expect(nextSendTime(night, at('2026-11-24T05:59:00Z'), 'UTC')).toBe(at('2026-11-24T05:59:00Z'));
  });

  it('keeps local hours across a DST change and honours a fixed zone', () => {
    // 2026-11-01: New York falls back; 10:00 local is 14:00Z before and 15:00Z after.
    expect(nextSendTime(daytime, at('2026-10-31T03:00:00Z'), 'America/New_York')).toBe(at('2026-10-31T14:00:00Z'));
    expect(nextSendTime(daytime, at('2026-11-02T03:00:00Z'), 'America/New_York')).toBe(at('2026-11-02T15:00:00Z'));
    const fixed = sendWindow.parse({ start: '10:00', end: '20:00', timezone: 'Asia/Shanghai' });
    expect(nextSendTime(fixed, at('2026-11-23T13:30:00Z'), 'America/New_York')).toBe(at('2026-11-24T02:00:00Z'));
  });

  it('rejects empty windows and bad times', () => {
    expect(sendWindow.safeParse({ start: '10:00', end: '10:00' }).success).toBe(false);
    expect(sendWindow.safeParse({ start: '25:00', end: '10:00' }).success).toBe(false);
    expect(sendWindow.safeParse({ start: '10:00', end: '20:00', timezone: 'Mars/Base' }).success).toBe(false);
  });
});
