import { z } from 'zod';

/**
 * A message as we compare it: NFKC (full-width "ＰＲＩＣＥ" → "price"), lower case, no
 * punctuation or symbols, single spaces. Chinese and English phrases are kept in this form.
 */
export function normalizeMessage(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * What contacts of a private-domain brand most often write, in Chinese and English. A phrase
 * matches inside a message, except very short Latin ones ("td"), which must be the whole message.
 */
export const builtinIntents = {
  price: ['多少钱', '价格', '怎么卖', '优惠', '便宜', '报价', 'how much', 'price', 'cost', 'discount'],
  materials: ['资料', '课件', '文档', '领取', '下载', 'pdf', 'materials', 'download', 'brochure'],
  human: ['人工', '客服', '真人', '转人工', 'agent', 'human', 'talk to someone'],
  unsubscribe: ['退订', 'td', '取消订阅', '别发了', 'unsubscribe', 'stop'],
  order_status: ['物流', '快递', '到哪了', '发货', '查单', 'tracking', 'where is my order', 'shipping'],
  join_group: ['进群', '加群', '社群', '群聊', 'join group', 'community'],
} as const satisfies Record<string, readonly string[]>;
export type Intent = keyof typeof builtinIntents;

const intentNames = Object.keys(builtinIntents) as [Intent, ...Intent[]];
const wholeMessageOnly = (phrase: string) => /^[a-z]{1,2}$/.test(phrase);

function phraseMatches(message: string, phrase: string, exact: boolean): boolean {
  return exact || wholeMessageOnly(phrase) ? message === phrase : message.includes(phrase);
}

export const messageMatch = z
  .strictObject({
    keywords: z
      .array(z.string().trim().min(1).max(50))
      .max(50)
      .default([])
      .describe('Words or phrases to look for, e.g. "资料"; case, width and punctuation are ignored.'),
    match: z.enum(['contains', 'exact']).default('contains').describe('"contains": anywhere in the message; "exact": the whole message.'),
    intents: z.array(z.enum(intentNames)).max(10).default([]).describe('Built-in intents, each a list of Chinese and English phrases, e.g. "price" for "多少钱".'),
    channels: z.array(z.enum(['wecom', 'sms', 'email', 'push'])).max(4).default([]).describe('Only messages from these channels; any channel when empty.'),
  })
  .refine((config) => config.keywords.length + config.intents.length > 0, { message: 'name at least one keyword or intent', path: ['keywords'] });
export type MessageMatch = z.infer<typeof messageMatch>;

export type MessageMatchResult = { keyword: string } | { intent: Intent; phrase: string };

/** Which keyword (tried first) or intent a message matches, if any. Pure; never throws. */
export function matchMessage(config: MessageMatch, message: { text: string; channel?: string }): MessageMatchResult | undefined {
  if (config.channels.length && !config.channels.includes(message.channel as MessageMatch['channels'][number])) return undefined;
  const text = normalizeMessage(message.text);
  if (!text) return undefined;
  const exact = config.match === 'exact';
  for (const keyword of config.keywords) {
    const normalized = normalizeMessage(keyword);
    if (normalized && phraseMatches(text, normalized, exact)) return { keyword };
  }
  for (const intent of config.intents) {
    const phrase = builtinIntents[intent].find((candidate) => phraseMatches(text, candidate, exact));
    if (phrase) return { intent, phrase };
  }
  return undefined;
}
