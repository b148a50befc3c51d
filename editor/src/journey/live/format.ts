/**
 * Numbers for the live view, in the reader's locale through `Intl`, so nothing here needs a
 * translation file: grouping ("1,204"), compact forms ("12K", "1.2万"), percentages and durations
 * ("2.5 days", "2.5天").
 */

/** A count for a badge: exact up to 9,999, then compact so it fits a 240px node. */
export function formatCount(value: number, locale: string): string {
  if (Math.abs(value) < 10_000) return new Intl.NumberFormat(locale).format(value);
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A count in full, for sentences and tables. */
export function formatExact(value: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(value);
}

/** A rate (0.042) as a percentage ("4.2%"); one decimal, none for whole numbers. */
export function formatRate(rate: number, locale: string, maximumFractionDigits = 1): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits }).format(rate);
}

/** A difference of rates in percentage points, signed ("+2.3"); the unit word comes from the translations. */
export function formatPoints(difference: number, locale: string): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'exceptZero' }).format(difference * 100);
}

/** A p-value: three decimals, or null below 0.001 (shown as "p < 0.001"). */
export function formatPValue(pValue: number, locale: string): string | null {
  if (pValue < 0.001) return null;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(pValue);
}

const units = [
  { unit: 'day', ms: 86_400_000 },
  { unit: 'hour', ms: 3_600_000 },
  { unit: 'minute', ms: 60_000 },
  { unit: 'second', ms: 1000 },
] as const;

/** A duration in its largest whole unit ("2.5 days", "40 minutes"). */
export function formatDuration(ms: number, locale: string): string {
  const { unit, ms: size } = units.find((candidate) => Math.abs(ms) >= candidate.ms) ?? units[units.length - 1]!;
  const value = ms / size;
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatTime(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(date);
}
