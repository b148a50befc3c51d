import { Plan } from '@trellis/journey';
import { PlanCache } from './plan-cache';

const plan = (hash: string) => ({ hash }) as Plan;

describe('PlanCache', () => {
  it('loads a plan once and then serves it from memory', async () => {
    const cache = new PlanCache();
    const load = jest.fn(async () => plan('a'));
    await cache.get('j@1', load);
    await cache.get('j@1', load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('evicts the least recently used plan beyond its capacity', async () => {
    const cache = new PlanCache(2);
    const loads: string[] = [];
    const loader = (key: string) => async () => {
      loads.push(key);
      return plan(key);
    };
    await cache.get('a', loader('a'));
    await cache.get('b', loader('b'));
    await cache.get('a', loader('a')); // a is now the most recent
    await cache.get('c', loader('c')); // evicts b
    await cache.get('a', loader('a'));
    await cache.get('b', loader('b'));
    expect(loads).toEqual(['a', 'b', 'c', 'b']);
  });
});
