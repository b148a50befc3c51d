import fc from 'fast-check';
import { assignArm, bucketCount, bucketOf } from './assign-arm';

const contacts = Array.from({ length: 10_000 }, (_, index) => `contact-${index}`);

describe('assignArm', () => {
  it('is sticky: the same contact and experiment give the same arm, whatever else changes', () => {
    const arms = [
      { id: 'a', weight: 50 },
      { id: 'b', weight: 50 },
    ];
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (experiment, contact) => {
        expect(assignArm(arms, experiment, contact)).toBe(assignArm([...arms], experiment, contact));
        expect(bucketOf(experiment, contact)).toBeGreaterThanOrEqual(0);
        expect(bucketOf(experiment, contact)).toBeLessThan(bucketCount);
      }),
    );
  });

  it('pins known buckets, so every driver and every release agrees on arms', () => {
    expect([bucketOf('welcome-offer', 'c1'), bucketOf('welcome-offer', 'c2'), bucketOf('other', 'c1'), bucketOf('实验', '联系人')]).toMatchSnapshot();
  });

  it('splits 10,000 contacts within 2 percentage points of any weights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 2, maxLength: 5 }),
        fc.string({ minLength: 1, maxLength: 20 }),
        (raw, experiment) => {
          const total = raw.reduce((sum, value) => sum + value, 0);
          const weights = raw.map((value) => (value / total) * 100);
          const arms = weights.map((weight, index) => ({ id: `arm${index}`, weight }));
          const counts = new Map<string, number>();
          for (const contact of contacts) {
            const arm = assignArm(arms, experiment, contact).id;
            counts.set(arm, (counts.get(arm) ?? 0) + 1);
          }
          arms.forEach((arm) => expect(Math.abs(((counts.get(arm.id) ?? 0) / contacts.length) * 100 - arm.weight)).toBeLessThan(2));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('assigns independently per experiment, so two tests do not put the same people in "B"', () => {
    const arms = [
      { id: 'a', weight: 50 },
      { id: 'b', weight: 50 },
    ];
    const both = contacts.filter((contact) => assignArm(arms, 'first', contact).id === 'b' && assignArm(arms, 'second', contact).id === 'b');
    expect(Math.abs(both.length / contacts.length - 0.25)).toBeLessThan(0.02);
  });

  it('never picks an arm of weight 0', () => {
    const arms = [
      { id: 'a', weight: 0 },
      { id: 'b', weight: 100 },
      { id: 'c', weight: 0 },
    ];
    expect(contacts.every((contact) => assignArm(arms, 'x', contact).id === 'b')).toBe(true);
  });
});
