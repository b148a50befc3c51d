import fc from 'fast-check';
import { builtinIntents, matchMessage, messageMatch, normalizeMessage } from './message-match';

const config = (input: Record<string, unknown>) => messageMatch.parse(input);

// Plain Unicode rarely hits the interesting cases, so mix in the characters the normalizer treats specially.
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('ＰＲＩＣＥ', '？', '…', '❤️', '\u200b', '\u0301', 'Ϊ', '\ud800', ' ', 'td', '资料', '多少钱') }),
);

describe('normalizeMessage', () => {
  it('folds full-width characters and case', () => {
    expect(normalizeMessage('ＰＲＩＣＥ')).toBe('price');
    expect(normalizeMessage('ＶＩＰ１２３')).toBe('vip123');
  });

  it('turns Chinese and ASCII punctuation into single spaces and trims', () => {
    expect(normalizeMessage('  请问，这个…多少钱？？ ')).toBe('请问 这个 多少钱');
    expect(normalizeMessage('“资料”【课件】（pdf）～、')).toBe('资料 课件 pdf');
    expect(normalizeMessage('price?!\t\n  cost.')).toBe('price cost');
  });

  it('drops emoji, including their joiners and variation selectors, and zero-width spaces', () => {
    expect(normalizeMessage('资料❤️👍🏻👨‍👩‍👧')).toBe('资料');
    expect(normalizeMessage('价\u200b格')).toBe('价格');
    expect(normalizeMessage('1️⃣')).toBe('1');
  });

  it('leaves the built-in phrases unchanged', () => {
    for (const phrase of Object.values(builtinIntents).flat()) expect(normalizeMessage(phrase)).toBe(phrase);
  });

  it('is idempotent', () => {
    fc.assert(fc.property(anyText, (text) => normalizeMessage(normalizeMessage(text)) === normalizeMessage(text)));
  });
});

describe('matchMessage', () => {
  const everyIntent = config({ intents: Object.keys(builtinIntents) });

  it('recognises Chinese questions and requests', () => {
    expect(matchMessage(everyIntent, { text: '请问这个多少钱？' })).toEqual({ intent: 'price', phrase: '多少钱' });
    expect(matchMessage(everyIntent, { text: '我想领取资料' })).toEqual({ intent: 'materials', phrase: '资料' });
    expect(matchMessage(everyIntent, { text: '我的快递到哪了' })).toEqual({ intent: 'order_status', phrase: '到哪了' });
  });

  it('recognises English, whatever the case and punctuation', () => {
    expect(matchMessage(everyIntent, { text: 'How much is it??' })).toEqual({ intent: 'price', phrase: 'how much' });
    expect(matchMessage(everyIntent, { text: 'WHERE is my order!' })).toEqual({ intent: 'order_status', phrase: 'where is my order' });
  });

  it('reports the most specific phrase', () => {
    expect(matchMessage(everyIntent, { text: '转人工' })).toEqual({ intent: 'human', phrase: '转人工' });
  });

  it('matches very short Latin phrases only as the whole message', () => {
    expect(matchMessage(everyIntent, { text: 'TD' })).toEqual({ intent: 'unsubscribe', phrase: 'td' });
    expect(matchMessage(everyIntent, { text: ' ｔｄ。' })).toEqual({ intent: 'unsubscribe', phrase: 'td' });
    expect(matchMessage(everyIntent, { text: 'STDIO' })).toBeUndefined();
    expect(matchMessage(everyIntent, { text: '回复TD退订' })).toEqual({ intent: 'unsubscribe', phrase: '退订' });
  });

  it('matches nothing in unrelated or empty messages', () => {
    expect(matchMessage(everyIntent, { text: '今天天气不错' })).toBeUndefined();
    expect(matchMessage(everyIntent, { text: '' })).toBeUndefined();
    expect(matchMessage(everyIntent, { text: '？？😀' })).toBeUndefined();
  });

  it('tries intents in the configured order', () => {
    expect(matchMessage(config({ intents: ['price', 'materials'] }), { text: '领取优惠券' })).toEqual({ intent: 'price', phrase: '优惠' });
    expect(matchMessage(config({ intents: ['materials', 'price'] }), { text: '领取优惠券' })).toEqual({ intent: 'materials', phrase: '领取' });
  });

  it('finds keywords anywhere, normalizing both sides', () => {
    expect(matchMessage(config({ keywords: ['Ｖip'] }), { text: 'I want VIP!' })).toEqual({ keyword: 'Ｖip' });
    expect(matchMessage(config({ keywords: ['ok'] }), { text: 'OK!' })).toEqual({ keyword: 'ok' });
    expect(matchMessage(config({ keywords: ['ok'] }), { text: 'book' })).toBeUndefined();
  });

  it('matches exact keywords only as the whole message', () => {
    const replyOne = config({ keywords: ['1'], match: 'exact' });
    expect(matchMessage(replyOne, { text: ' 1 ' })).toEqual({ keyword: '1' });
    expect(matchMessage(replyOne, { text: '1️⃣' })).toEqual({ keyword: '1' });
    expect(matchMessage(replyOne, { text: '11' })).toBeUndefined();
    expect(matchMessage(replyOne, { text: '选1' })).toBeUndefined();
  });

  it('tries keywords before intents, and exact applies to keywords only', () => {
    const both = config({ keywords: ['资料'], match: 'exact', intents: ['materials'] });
    expect(matchMessage(both, { text: '资料！' })).toEqual({ keyword: '资料' });
    expect(matchMessage(both, { text: '发我资料' })).toEqual({ intent: 'materials', phrase: '资料' });
  });

  it('only listens on the chosen channels', () => {
    const wecomOnly = config({ keywords: ['资料'], channels: ['wecom'] });
    expect(matchMessage(wecomOnly, { text: '资料', channel: 'wecom' })).toEqual({ keyword: '资料' });
    expect(matchMessage(wecomOnly, { text: '资料', channel: 'sms' })).toBeUndefined();
    expect(matchMessage(wecomOnly, { text: '资料' })).toBeUndefined();
    expect(matchMessage(config({ keywords: ['资料'] }), { text: '资料', channel: 'email' })).toEqual({ keyword: '资料' });
  });

  it('never throws', () => {
    const everything = config({ keywords: ['资料', 'td', 'Ｖip'], intents: Object.keys(builtinIntents) });
    fc.assert(
      fc.property(anyText, fc.option(fc.string(), { nil: undefined }), (text, channel) => {
        matchMessage(everything, { text, channel });
      }),
    );
  });
});

describe('messageMatch', () => {
  it('fills in defaults', () => {
    expect(config({ keywords: ['资料'] })).toEqual({ keywords: ['资料'], match: 'contains', intents: [], channels: [] });
  });

  it('requires at least one keyword or intent', () => {
    expect(messageMatch.safeParse({}).error?.issues).toEqual([
      expect.objectContaining({ path: ['keywords'], message: 'name at least one keyword or intent' }),
    ]);
  });

  it('rejects unknown intents, unknown fields and keywords with nothing to match', () => {
    expect(messageMatch.safeParse({ intents: ['weather'] }).error?.issues).toContainEqual(expect.objectContaining({ path: ['intents', 0] }));
    expect(messageMatch.safeParse({ keywords: ['资料'], regex: '.*' }).success).toBe(false);
    expect(messageMatch.safeParse({ keywords: ['？！'] }).error?.issues).toContainEqual(expect.objectContaining({ path: ['keywords', 0] }));
    expect(messageMatch.safeParse({ keywords: ['x'.repeat(51)] }).success).toBe(false);
  });

  it('matches Latin phrases as whole words, and Chinese phrases anywhere', () => {
    const unsubscribe = messageMatch.parse({ intents: ['unsubscribe', 'price'] });
    expect(matchMessage(unsubscribe, { text: 'Please STOP.' })).toEqual({ intent: 'unsubscribe', phrase: 'stop' });
    expect(matchMessage(unsubscribe, { text: 'nonstop fun' })).toBeUndefined();
    expect(matchMessage(unsubscribe, { text: 'costume party' })).toBeUndefined();
    expect(matchMessage(unsubscribe, { text: '我想stop' })).toEqual({ intent: 'unsubscribe', phrase: 'stop' });
    expect(matchMessage(unsubscribe, { text: '请问价格' })).toEqual({ intent: 'price', phrase: '价格' });
  });
});
