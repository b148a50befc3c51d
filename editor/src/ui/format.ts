import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Numbers, dates and durations in the reader's language through `Intl`, so none of them needs a
 * translation file: grouping ("1,204"), compact counts ("12K", "1.2万"), percentages, durations
 * ("2.5 days", "2.5天"). Each function takes the language (i18next's `i18n.language`).
 */

// Building an Intl formatter costs far more than using one, and tables format a value per cell.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(language: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(language, options)));
  return format;
}

function dateFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(language, options)));
  return format;
}

/** A count in full, for sentences and tables. */
export function formatNumber(value: number, language: string): string {
  return numberFormat(language).format(value);
}

/** A count for a badge: exact up to 9,999, then compact so it fits a 240px node. */
export function formatCount(value: number, language: string): string {
  if (Math.abs(value) < 10_000) return formatNumber(value, language);
  return numberFormat(language, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A rate (0.042) as a percentage ("4.2%"); one decimal, none for whole numbers. */
export function formatRate(rate: number, language: string, maximumFractionDigits = 1): string {
  return numberFormat(language, { style: 'percent', maximumFractionDigits }).format(rate);
}

/** A difference of rates in percentage points, signed ("+2.3"); the unit word comes from the translations. */
export function formatPoints(difference: number, language: string): string {
  return numberFormat(language, { maximumFractionDigits: 1, minimumFractionDigits: 1, signDisplay: 'exceptZero' }).format(difference * 100);
}

/** A p-value: three decimals, or null below 0.001 (shown as "p < 0.001"). */
export function formatPValue(pValue: number, language: string): string | null {
  if (pValue < 0.001) return null;
  return numberFormat(language, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(pValue);
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
const units = [
  { unit: 'day', ms: dayMs },
  { unit: 'hour', ms: hourMs },
  { unit: 'minute', ms: minuteMs },
  { unit: 'second', ms: 1000 },
] as const;

/** A measured duration (time to convert) in its largest whole unit, with a decimal below ten ("2.5 days", "40 minutes"). */
export function formatDuration(ms: number, language: string): string {
  const { unit, ms: size } = units.find((candidate) => Math.abs(ms) >= candidate.ms) ?? units[units.length - 1]!;
  const value = ms / size;
  return numberFormat(language, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

/**
 * How long until or since a deadline, rounded to what a person acts on: whole minutes (at least
 * one), hours up to two days, then days ("25 minutes", "36 hours", "3 days").
 */
export function formatRoughDuration(ms: number, language: string): string {
  const span = Math.abs(ms);
  const [amount, unit] = span < hourMs ? [Math.max(1, Math.round(span / minuteMs)), 'minute'] : span < 2 * dayMs ? [Math.round(span / hourMs), 'hour'] : [Math.round(span / dayMs), 'day'];
  return numberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
}

/** A moment as a date and a time of day; `seconds` where the order of close events matters (a timeline). */
export function formatDateTime(iso: string, language: string, { seconds = false } = {}): string {
  return dateFormat(language, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(new Date(iso));
}

/** A time of day with seconds, for "updated at" lines that refresh every few seconds. */
export function formatTime(date: Date, language: string): string {
  return dateFormat(language, { timeStyle: 'medium' }).format(date);
}

/** The formatters bound to the reader's language, for components that write many values. */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(
    () => ({
      number: (value: number) => formatNumber(value, language),
      /** "—" for a moment that has not happened (never swept, no event yet). */
      dateTime: (iso: string | null | undefined) => (iso ? formatDateTime(iso, language) : '—'),
      dateTimeSeconds: (iso: string) => formatDateTime(iso, language, { seconds: true }),
    }),
    [language],
  );
}
