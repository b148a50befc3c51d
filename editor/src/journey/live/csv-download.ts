import type { ApiClient } from '../../api/client';
import { filterQuery, type LiveFilter } from './live-api';

export type CsvTable = 'stats' | 'experiments';

/** `journey-<id>-stats-v3-2026-11-01_2026-11-23.csv`: what the file holds, readable in a downloads folder. */
export function csvFileName(journeyId: string, table: CsvTable, filter: LiveFilter): string {
  const parts = [`journey-${journeyId}-${table}`];
  if (filter.version) parts.push(`v${filter.version}`);
  if (filter.from || filter.to) parts.push(`${filter.from ?? ''}_${filter.to ?? ''}`);
  return `${parts.join('-')}.csv`;
}

/**
 * Downloads a table as CSV. A plain link cannot carry the API's authorization header, so the
 * file is fetched and handed to the browser as a Blob. The byte-order mark makes Excel read the
 * file as UTF-8, so Chinese node names and reasons survive.
 */
export async function downloadCsv(api: ApiClient, journeyId: string, table: CsvTable, filter: LiveFilter): Promise<void> {
  const text = await api.request<string>('GET', `${api.journeyPath(journeyId)}/${table}`, { query: { ...filterQuery(filter), format: 'csv' } });
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = csvFileName(journeyId, table, filter);
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked on the next turn: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
