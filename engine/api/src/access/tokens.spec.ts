import fc from 'fast-check';
import { issueToken, readToken, secretMatches, tokenKinds, TokenKind } from './tokens';

describe('tokens', () => {
  it('reads back the id and a secret that matches the stored hash, for every kind', () => {
    for (const kind of Object.keys(tokenKinds) as TokenKind[]) {
      const issued = issueToken(kind);
      const read = readToken(kind, issued.token);
      expect(read?.id).toBe(issued.id);
      expect(secretMatches(read!.secret, issued.hash)).toBe(true);
    }
  });

  it('refuses a token of another kind, a changed secret and anything malformed', () => {
    const key = issueToken('apiKey');
    expect(readToken('session', key.token)).toBeUndefined();
    const read = readToken('apiKey', key.token)!;
    expect(secretMatches(read.secret.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), key.hash)).toBe(false);
    fc.assert(
      fc.property(fc.string(), (junk) => {
        const parsed = readToken('apiKey', `trl_${junk}`);
        return parsed === undefined || /^[a-f0-9]{24}$/.test(parsed.id);
      }),
    );
    expect(readToken('apiKey', 'trl_')).toBeUndefined();
  });

  it('never issues the same token twice', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => issueToken('session').token));
    expect(tokens.size).toBe(200);
  });
});
