import { lifecycleStages, timeZone } from '@trellis/journey';
import { Identity, IdentityKind } from '@trellis/runtime';
import { parsePhoneNumberFromString, CountryCode } from 'libphonenumber-js/min';
import { z } from 'zod';
import { consentChannels, subscriptionStates } from '../contacts/contacts.dto';

const idColumns = { userId: 'user', anonymousId: 'anonymous', email: 'email', phone: 'phone', wecom: 'wecom', unionid: 'unionid', openid: 'openid' } as const satisfies Record<string, IdentityKind>;
type IdColumn = keyof typeof idColumns;
const fieldTargets = ['timezone', 'lifecycleStage', 'tags', 'ignore'] as const;

/** Trait names become paths on the contact: no "." inside, no "$" first. */
const traitName = /^[^$.][^.]{0,199}$/;

/** Where a column goes: an id, the zone, the stage, tags, a trait (`trait:<name>`), consent (`subscription:<channel>`), or nowhere. */
export const columnTarget = z.string().refine(
  (target) =>
    target in idColumns ||
    (fieldTargets as readonly string[]).includes(target) ||
    (target.startsWith('trait:') && traitName.test(target.slice(6))) ||
    (target.startsWith('subscription:') && (consentChannels as readonly string[]).includes(target.slice(13))),
  { message: `one of ${[...Object.keys(idColumns), ...fieldTargets].join(', ')}, "trait:<name>" or "subscription:<${consentChannels.join('|')}>"` },
);

export const importMapping = z.strictObject({
  columns: z
    .record(z.string().min(1).max(200), columnTarget)
    .refine((columns) => Object.values(columns).some((target) => target in idColumns), { message: 'map at least one column to an id (userId, email, phone, wecom, unionid, openid, anonymousId)' })
    .describe('CSV header → where its values go; columns not named are ignored.'),
  traitTypes: z
    .record(z.string().regex(traitName), z.enum(['string', 'number', 'boolean', 'date']))
    .default({})
    .describe('How trait columns are read (text by default): numbers, booleans (true/false, yes/no, 1/0, 是/否) or dates.'),
  tagSeparator: z.string().min(1).max(3).default(';').describe('Separates the tags inside a tags cell.'),
  addTags: z.array(z.string().trim().min(1).max(100)).max(20).default([]).describe('Tags every imported contact gets, e.g. the import’s source.'),
  phoneRegion: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as "CN"')
    .optional()
    .describe('Region of phone numbers written without a country code; without it they must be E.164 (+86…).'),
  encoding: z.enum(['utf-8', 'gb18030']).default('utf-8').describe('The file’s text encoding; Excel in Chinese locales often saves GB18030 (GBK).'),
  delimiter: z.enum([',', ';', '\t', '|']).default(','),
});
export type ImportMapping = z.infer<typeof importMapping>;

/** One row, ready to write onto its contact. */
export interface ImportRow {
  line: number;
  identities: Identity[];
  traits: Record<string, unknown>;
  tags: string[];
  timezone?: string;
  lifecycleStage?: string;
  subscriptions: Record<string, string>;
}

export interface RowError {
  line: number;
  column?: string;
  message: string;
}

const truthy = new Set(['true', 'yes', 'y', '1', '是']);
const falsy = new Set(['false', 'no', 'n', '0', '否']);
const email = z.email();

/** A cell as a trait of its declared type, or why it cannot be one. */
function traitValue(cell: string, type: ImportMapping['traitTypes'][string] | undefined): { value: unknown } | { error: string } {
  switch (type) {
    case 'number': {
      const value = Number(cell);
      return Number.isFinite(value) ? { value } : { error: `"${cell}" is not a number` };
    }
    case 'boolean': {
      const lower = cell.toLowerCase();
      if (truthy.has(lower)) return { value: true };
      if (falsy.has(lower)) return { value: false };
      return { error: `"${cell}" is not true or false (true/false, yes/no, 1/0, 是/否)` };
    }
    case 'date': {
      const at = Date.parse(cell);
      return Number.isNaN(at) ? { error: `"${cell}" is not a date (use ISO 8601, e.g. 2026-11-23 or 2026-11-23T08:00:00+08:00)` } : { value: new Date(at) };
    }
    default:
      return { value: cell };
  }
}

function identityOf(column: IdColumn, cell: string, mapping: ImportMapping): { identity: Identity } | { error: string } {
  const kind = idColumns[column];
  if (kind === 'email') return email.safeParse(cell).success ? { identity: { kind, value: cell } } : { error: `"${cell}" is not an email address` };
  if (kind === 'phone') {
    const phone = parsePhoneNumberFromString(cell, mapping.phoneRegion as CountryCode | undefined);
    if (!phone?.isValid()) return { error: `"${cell}" is not a valid phone number${mapping.phoneRegion ? ` (region ${mapping.phoneRegion})` : ' (write it with its country code, +86…, or set phoneRegion)'}` };
    return { identity: { kind, value: phone.number } };
  }
  return cell.length > 200 ? { error: 'longer than 200 characters' } : { identity: { kind, value: cell } };
}

/** The header's columns the mapping names that the file does not have. */
export function missingColumns(header: readonly string[], mapping: ImportMapping): string[] {
  return Object.keys(mapping.columns).filter((column) => !header.includes(column));
}

/** A CSV record (header → cell) as a contact row, or every reason it is not one. Empty cells set nothing. */
export function mapRow(record: Readonly<Record<string, string>>, line: number, mapping: ImportMapping): { row: ImportRow } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const row: ImportRow = { line, identities: [], traits: {}, tags: [...mapping.addTags], subscriptions: {} };
  for (const [column, target] of Object.entries(mapping.columns)) {
    const cell = (record[column] ?? '').trim();
    if (!cell || target === 'ignore') continue;
    const fail = (message: string) => errors.push({ line, column, message });
    if (target in idColumns) {
      const result = identityOf(target as IdColumn, cell, mapping);
      if ('error' in result) fail(result.error);
      else row.identities.push(result.identity);
    } else if (target === 'timezone') {
      if (timeZone.safeParse(cell).success) row.timezone = cell;
      else fail(`"${cell}" is not an IANA time zone such as Asia/Shanghai`);
    } else if (target === 'lifecycleStage') {
      if ((lifecycleStages as readonly string[]).includes(cell)) row.lifecycleStage = cell;
      else fail(`"${cell}" is not a lifecycle stage (${lifecycleStages.join(', ')})`);
    } else if (target === 'tags') {
      const tags = cell.split(mapping.tagSeparator).map((tag) => tag.trim()).filter(Boolean);
      const tooLong = tags.find((tag) => tag.length > 100);
      if (tooLong) fail(`tag "${tooLong.slice(0, 20)}…" is longer than 100 characters`);
      else row.tags.push(...tags);
    } else if (target.startsWith('trait:')) {
      const name = target.slice(6);
      const result = traitValue(cell, mapping.traitTypes[name]);
      if ('error' in result) fail(result.error);
      else row.traits[name] = result.value;
    } else {
      const state = cell.toLowerCase();
      if ((subscriptionStates as readonly string[]).includes(state)) row.subscriptions[target.slice(13)] = state;
      else fail(`"${cell}" is not ${subscriptionStates.join(' or ')}`);
    }
  }
  if (!errors.length && !row.identities.length) errors.push({ line, message: 'no id: a row needs at least one of its id columns filled' });
  row.tags = [...new Set(row.tags)];
  return errors.length ? { errors } : { row };
}
