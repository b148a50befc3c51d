/** Dates and durations in the reader's language, the way both the audit log and the inbox show them. */

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

/** A span like "25 min", "3 hr" or "2 days": the largest unit that keeps it readable. */
export function formatDuration(ms: number, language: string): string {
  const span = Math.abs(ms);
  const [amount, unit] = span < hourMs ? [Math.max(1, Math.round(span / minuteMs)), 'minute'] : span < 2 * dayMs ? [Math.round(span / hourMs), 'hour'] : [Math.round(span / dayMs), 'day'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
}
