import { csvFileName } from './csv-download';

describe('csvFileName', () => {
  it('names the table, version and period', () => {
    expect(csvFileName('j1', 'stats', {})).toBe('journey-j1-stats.csv');
    expect(csvFileName('j1', 'experiments', { version: 3, from: '2026-11-01', to: '2026-11-23' })).toBe('journey-j1-experiments-v3-2026-11-01_2026-11-23.csv');
  });
});
