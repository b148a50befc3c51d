import fc from 'fast-check';
import { matchMessage, messageMatch, normalizeMessage } from './message-match';

const config = (value: Record<string, unknown>) => messageMatch.parse(value);

describe('normalizeMessage', () => {
  it('folds width and case and drops punctuation and symbols', () => {
    expect(normalizeMessage('  ＰＲＩＣＥ？！ ')).toBe('price');
    expect(normalizeMessage('请问，这个…多少钱？😀')).toBe('请问 这个 多少钱');
  });

  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (text) => expect(normalizeMessage(normalizeMessage(text))).toBe(normalizeMessage(text))));
  });
});

describe('matchMessage', () => {
  it('recognises built-in intents in Chinese and English', () => {
    const intents = config({ intents: ['price', 'materials', 'unsubscribe'] });
    expect(matchMessage(intents, { text: '请问这个多少钱？' })).toEqual({ intent: 'price', phrase: '多少钱' });
    expect(matchMessage(intents, { text: '我想领取资料' })).toEqual({ intent: 'materials', phrase: '资料' });
    expect(matchMessage(intents, { text: 'How much is it?' })).toEqual({ intent: 'price', phrase: 'how much' });
    expect(matchMessage(intents, { text: '今天天气不错' })).toBeUndefined();
  });

  it('matches very short Latin phrases only as the whole message', () => {
    const unsubscribe = config({ intents: ['unsubscribe'] });
    expect(matchMessage(unsubscribe, { text: 'TD' })).toEqual({ intent: 'unsubscribe', phrase: 'td' });
    expect(matchMessage(unsubscribe, { text: 'STDIO' })).toBeUndefined();
  });

  it('supports contains and exact keywords, tried before intents', () => {
    expect(matchMessage(config({ keywords: ['资料'], intents: ['materials'] }), { text: '发我资料' })).toEqual({ keyword: '资料' });
    const exact = config({ keywords: ['1'], match: 'exact' });
    expect(matchMessage(exact, { text: ' 1 ' })).toEqual({ keyword: '1' });
    expect(matchMessage(exact, { text: '11' })).toBeUndefined();
    expect(matchMessage(config({ keywords: ['Ｖip'] }), { text: 'I want VIP!' })).toEqual({ keyword: 'Ｖip' });
  });

  it('filters by channel', () => {
    const wecomOnly = config({ keywords: ['资料'], channels: ['wecom'] });
    expect(matchMessage(wecomOnly, { text: '资料', channel: 'wecom' })).toEqual({ keyword: '资料' });
    expect(matchMessage(wecomOnly, { text: '资料', channel: 'sms' })).toBeUndefined();
    expect(matchMessage(wecomOnly, { text: '资料' })).toBeUndefined();
  });

  it('rejects a config with nothing to match, and unknown intents', () => {
    expect(messageMatch.safeParse({}).error?.issues).toEqual([expect.objectContaining({ path: ['keywords'], message: 'name at least one keyword or intent' })]);
    expect(messageMatch.safeParse({ intents: ['weather'] }).success).toBe(false);
  });

  it('never throws on any text', () => {
    const everything = config({ keywords: ['资料', '?!'], intents: ['price', 'human', 'unsubscribe', 'order_status', 'join_group', 'materials'] });
    fc.assert(fc.property(fc.string(), fc.option(fc.string()), (text, channel) => {
      matchMessage(everything, { text, ...(channel === null ? {} : { channel }) });
    }));
  });
});
