import { formatCount, formatDuration, formatNumber, formatPoints, formatPValue, formatRate, formatRoughDuration } from './format';

describe('numbers in the reader’s language', () => {
  it('keeps badge counts short: exact to 9,999, compact above', () => {
    expect(formatCount(1204, 'en')).toBe('1,204');
    expect(formatCount(12_345, 'en')).toBe('12.3K');
    expect(formatCount(12_345, 'zh')).toBe('1.2万');
    expect(formatNumber(12_345, 'en')).toBe('12,345');
  });

  it('writes rates, differences and p-values', () => {
    expect(formatRate(151 / 1204, 'en')).toBe('12.5%');
    expect(formatPoints(0.0234, 'en')).toBe('+2.3');
    expect(formatPoints(-0.0234, 'en')).toBe('-2.3');
    expect(formatPValue(0.0432, 'en')).toBe('0.043');
    expect(formatPValue(0.0004, 'en')).toBeNull();
  });

  it('writes a measured duration in its largest unit', () => {
    expect(formatDuration(2.5 * 86_400_000, 'en')).toBe('2.5 days');
    expect(formatDuration(40 * 60_000, 'en')).toBe('40 minutes');
    expect(formatDuration(36 * 3_600_000, 'zh')).toBe('1.5天');
    expect(formatDuration(500, 'en')).toBe('0.5 seconds');
  });

  it('rounds the time to a deadline to whole minutes, hours up to two days, then days', () => {
    expect(formatRoughDuration(20_000, 'en')).toBe('1 minute');
    expect(formatRoughDuration(-25 * 60_000, 'en')).toBe('25 minutes');
    expect(formatRoughDuration(36 * 3_600_000, 'en')).toBe('36 hours');
    expect(formatRoughDuration(3 * 86_400_000, 'zh')).toBe('3天');
  });
});
