import { consentChannels, type ConsentChannel } from './contact-types';

/** Columns that name the person (at least one is needed), as the API's mapping calls them. */
export const idTargets = ['userId', 'email', 'phone', 'wecom', 'unionid', 'openid', 'anonymousId'] as const;
const fieldTargets = ['timezone', 'lifecycleStage', 'tags', 'trait', 'ignore'] as const;
export const columnTargets = [...idTargets, ...fieldTargets, ...consentChannels.map((channel) => `subscription:${channel}` as const)] as const;
export type ColumnTarget = (typeof columnTargets)[number];
export const traitTypes = ['string', 'number', 'boolean', 'date'] as const;
export type TraitType = (typeof traitTypes)[number];

export interface ColumnChoice {
  column: string;
  target: ColumnTarget;
  /** For `trait`: the trait the column fills, and how its cells are read. */
  traitName: string;
  traitType: TraitType;
}

export interface ImportOptions {
  encoding: 'utf-8' | 'gb18030';
  delimiter: ',' | ';' | '\t' | '|';
  phoneRegion: string;
  addTags: string;
  tagSeparator: string;
}

/** Trait names become paths on the contact: no "." inside, no "$" first (the API's rule). */
export const traitNamePattern = /^[^$.][^.]{0,199}$/;

const known: [RegExp, ColumnTarget][] = [
  [/^(user_?id|userid|id|external_?id|member_?id|customer_?id|用户id|会员id|会员编号)$/, 'userId'],
  [/^(e-?mail|mail|邮箱|电子邮件)$/, 'email'],
  [/^(phone|mobile|tel|telephone|phone_?number|手机|手机号|手机号码|电话)$/, 'phone'],
  [/^(wecom|external_?userid|企微|企业微信)$/, 'wecom'],
  [/^unionid$/, 'unionid'],
  [/^openid$/, 'openid'],
  [/^(tags?|标签)$/, 'tags'],
  [/^(time_?zone|tz|时区)$/, 'timezone'],
  [/^(stage|lifecycle_?stage|lifecycle|生命周期)$/, 'lifecycleStage'],
];

/** A first guess from the column's name: ids and known fields by their usual names, anything else a text trait. */
export function guessColumn(column: string): ColumnChoice {
  const name = column.trim().toLowerCase().replace(/\s+/g, '_');
  const target = known.find(([pattern]) => pattern.test(name))?.[1] ?? (traitNamePattern.test(column) ? 'trait' : 'ignore');
  return { column, target, traitName: column, traitType: 'string' };
}

export type MappingProblem = 'import.needId' | 'import.badTraitName';

/** What is wrong with the choices before the API is asked, or nothing. */
export function mappingProblem(choices: readonly ColumnChoice[]): MappingProblem | undefined {
  if (!choices.some((choice) => (idTargets as readonly string[]).includes(choice.target))) return 'import.needId';
  if (choices.some((choice) => choice.target === 'trait' && !traitNamePattern.test(choice.traitName.trim()))) return 'import.badTraitName';
  return undefined;
}

/** The body of `POST /v1/contact-imports` (engine/api/src/imports/import-mapping.ts). */
export function importBody(choices: readonly ColumnChoice[], options: ImportOptions, fileName: string) {
  const mapped = choices.filter((choice) => choice.target !== 'ignore');
  const traits = mapped.filter((choice) => choice.target === 'trait');
  return {
    fileName,
    mapping: {
      columns: Object.fromEntries(mapped.map((choice) => [choice.column, choice.target === 'trait' ? `trait:${choice.traitName.trim()}` : choice.target])),
      traitTypes: Object.fromEntries(traits.filter((choice) => choice.traitType !== 'string').map((choice) => [choice.traitName.trim(), choice.traitType])),
      addTags: options.addTags
        .split(/[,，]/)
        .map((tag) => tag.trim())
        .filter(Boolean),
      tagSeparator: options.tagSeparator || ';',
      encoding: options.encoding,
      delimiter: options.delimiter,
      ...(options.phoneRegion.trim() ? { phoneRegion: options.phoneRegion.trim().toUpperCase() } : {}),
    },
  };
}

export function subscriptionChannel(target: ColumnTarget): ConsentChannel | undefined {
  return target.startsWith('subscription:') ? (target.slice('subscription:'.length) as ConsentChannel) : undefined;
}
