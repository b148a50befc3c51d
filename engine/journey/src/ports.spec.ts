import fc from 'fast-check';
import { portsOf } from './ports';

describe('portsOf', () => {
  it('returns a fixed list as is', () => {
    expect(portsOf(['received', 'timedOut'], {})).toEqual(['received', 'timedOut']);
  });

  it('makes one port per list item, skipping flagged items, then the fixed ports', () => {
    const declaration = { fromList: 'arms', key: 'id', skipWhen: 'holdout', then: ['else'] };
    expect(portsOf(declaration, { arms: [{ id: 'a' }, { id: 'control', holdout: true }, { id: 'b' }, { id: 'a' }] })).toEqual(['a', 'b', 'else']);
  });

  it('switches between two lists on whether a field is set', () => {
    const declaration = { ifSet: 'waitForResolution', then: ['resolved', 'timedOut'], otherwise: ['next'] };
    expect(portsOf(declaration, { waitForResolution: { timeout: {} } })).toEqual(['resolved', 'timedOut']);
    expect(portsOf(declaration, {})).toEqual(['next']);
    expect(portsOf(declaration, { waitForResolution: null })).toEqual(['next']);
  });

  it('never throws, whatever the config (configs are untrusted until compiled)', () => {
    fc.assert(
      fc.property(fc.anything(), (config) => {
        expect(Array.isArray(portsOf({ fromList: 'branches', key: 'id', then: ['else'] }, config))).toBe(true);
        expect(portsOf({ ifSet: 'x', then: ['a'], otherwise: ['b'] }, config)).toHaveLength(1);
      }),
    );
  });
});
