import { formatCount, formatDuration, formatPoints, formatPValue, formatRate } from './format';
import { csvFileName } from './csv-download';

describe('live view numbers', () => {
  it('keeps badge counts short: exact to 9,999, compact above', () => {
    expect(formatCount(1204, 'en')).toBe('1,204');
    expect(formatCount(12_345, 'en')).toBe('12.3K');
    expect(formatCount(12_345, 'zh')).toBe('1.2万');
  });

  it('writes rates, differences and p-values', () => {
    expect(formatRate(151 / 1204, 'en')).toBe('12.5%');
    expect(formatPoints(0.0234, 'en')).toBe('+2.3');
    expect(formatPoints(-0.0234, 'en')).toBe('-2.3');
    expect(formatPValue(0.0432, 'en')).toBe('0.043');
    expect(formatPValue(0.0004, 'en')).toBeNull();
  });

  it('writes a duration in its largest unit', () => {
    expect(formatDuration(2.5 * 86_400_000, 'en')).toBe('2.5 days');
    expect(formatDuration(40 * 60_000, 'en')).toBe('40 minutes');
    expect(formatDuration(36 * 3_600_000, 'zh')).toBe('1.5天');
    expect(formatDuration(500, 'en')).toBe('0.5 seconds');
  });
});

describe('csvFileName', () => {
  it('names the table, version and period', () => {
    expect(csvFileName('j1', 'stats', {})).toBe('journey-j1-stats.csv');
    expect(csvFileName('j1', 'experiments', { version: 3, from: '2026-11-01', to: '2026-11-23' })).toBe('journey-j1-experiments-v3-2026-11-01_2026-11-23.csv');
  });
});
