import { z } from 'zod';

// Deleted rather than turned into spaces: a zero-width space pasted into "价格" must not split the word.
const invisible = /[\p{Cf}\u20e3\ufe00-\ufe0f]/gu;
const separators = /[\p{P}\p{S}\p{C}\s]+/gu;

/**
 * A message as we compare it: full-width folded ("ＰＲＩＣＥ" → "price"), lower case, with
 * punctuation, emoji and runs of whitespace reduced to single spaces.
 */
export function normalizeMessage(text: string): string {
  return (
    text
      .replace(invisible, '')
      .normalize('NFKC')
      .toLowerCase()
      // Lower-casing can leave text that NFKC would change again (Greek "Ϊ́"); without this, not idempotent.
      .normalize('NFKC')
      .replace(separators, ' ')
      .trim()
  );
}

/** What contacts of a private-domain brand most often write, in normalized form. */
export const builtinIntents = {
  price: ['多少钱', '价格', '怎么卖', '优惠', '便宜', '报价', 'how much', 'price', 'cost', 'discount'],
  materials: ['资料', '课件', '文档', '领取', '下载', 'pdf', 'materials', 'download', 'brochure'],
  human: ['人工', '客服', '真人', '转人工', 'agent', 'human', 'talk to someone'],
  unsubscribe: ['退订', 'td', '取消订阅', '别发了', 'unsubscribe', 'stop'],
  order_status: ['物流', '快递', '到哪了', '发货', '查单', 'tracking', 'where is my order', 'shipping'],
  join_group: ['进群', '加群', '社群', '群聊', 'join group', 'community'],
} as const satisfies Record<string, readonly string[]>;
export type Intent = keyof typeof builtinIntents;

interface Phrase {
  text: string;
  // "td" inside "stdio" is not an unsubscribe, so such short Latin phrases must be the whole message.
  wholeMessageOnly: boolean;
  // Latin words match as words ("stop" is not in "nonstop"); Chinese has no spaces, so it matches anywhere.
  latinWords: boolean;
}

const toPhrase = (text: string): Phrase => ({ text, wholeMessageOnly: /^[a-z]{1,2}$/.test(text), latinWords: /^[a-z0-9]/.test(text) || /[a-z0-9]$/.test(text) });

const isLatin = (char: string | undefined) => char !== undefined && /[a-z0-9]/.test(char);

/** Whether `phrase` occurs in `message` with no Latin letter or digit glued to either end. */
function containsAsWords(message: string, phrase: string): boolean {
  for (let at = message.indexOf(phrase); at !== -1; at = message.indexOf(phrase, at + 1)) {
    if (!isLatin(message[at - 1]) && !isLatin(message[at + phrase.length])) return true;
  }
  return false;
}

// Longest first, so "转人工" is reported rather than the "人工" inside it.
const intentPhrases = Object.fromEntries(
  Object.entries(builtinIntents).map(([intent, phrases]) => [
    intent,
    phrases.map((phrase) => toPhrase(normalizeMessage(phrase))).sort((a, b) => b.text.length - a.text.length),
  ]),
) as Record<Intent, Phrase[]>;

const intentNames = Object.keys(builtinIntents) as [Intent, ...Intent[]];

export const messageMatch = z
  .strictObject({
    keywords: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(50)
          .refine((keyword) => normalizeMessage(keyword) !== '', 'a keyword needs more than punctuation or emoji'),
      )
      .max(50)
      .default([])
      .describe('Words a contact might write, e.g. "资料" or "vip"; case, full-width letters and punctuation are ignored.'),
    match: z
      .enum(['contains', 'exact'])
      .default('contains')
      .describe('For keywords: "contains" finds them anywhere in the message, "exact" only when they are the whole message (e.g. replying "1").'),
    intents: z
      .array(z.enum(intentNames))
      .max(10)
      .default([])
      .describe('Built-in topics recognised from common Chinese and English phrases, e.g. "price" for "多少钱" or "how much".'),
    channels: z
      .array(z.enum(['wecom', 'sms', 'email', 'push']))
      .max(4)
      .default([])
      .describe('Only messages received on these channels count; leave empty for any channel.'),
  })
  .refine((config) => config.keywords.length > 0 || config.intents.length > 0, {
    message: 'name at least one keyword or intent',
    path: ['keywords'],
  });
export type MessageMatch = z.infer<typeof messageMatch>;

export type MessageMatchResult = { keyword: string } | { intent: Intent; phrase: string };

function contains(message: string, phrase: Phrase): boolean {
  if (phrase.wholeMessageOnly) return message === phrase.text;
  return phrase.latinWords ? containsAsWords(message, phrase.text) : message.includes(phrase.text);
}

/** The first keyword, else the first intent, that the message matches. Keywords win so marketers can override an intent. */
export function matchMessage(config: MessageMatch, message: { text: string; channel?: string }): MessageMatchResult | undefined {
  const channels: readonly string[] = config.channels;
  if (channels.length > 0 && (message.channel === undefined || !channels.includes(message.channel))) return undefined;

  const text = normalizeMessage(message.text);
  if (text === '') return undefined;

  for (const keyword of config.keywords) {
    const phrase = toPhrase(normalizeMessage(keyword));
    if (config.match === 'exact' ? text === phrase.text : contains(text, phrase)) return { keyword };
  }
  for (const intent of config.intents) {
    const phrase = intentPhrases[intent].find((candidate) => contains(text, candidate));
    if (phrase) return { intent, phrase: phrase.text };
  }
  return undefined;
}
