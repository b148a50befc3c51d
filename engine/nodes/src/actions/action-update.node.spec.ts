import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionUpdateNode } from './action-update.node';

describe('action.update', () => {
  it('sets, increments and removes traits and moves the lifecycle stage', async () => {
    const services = inMemoryServices({ li: [] });
    await runActionNode(actionUpdateNode, { set: { tier: 'basic', old: 1 } }, { contactId: 'li', idempotencyKey: 'k1', services });
    const result = await runActionNode(actionUpdateNode, { set: { tier: 'gold' }, increment: { points: 50 }, unset: ['old'], lifecycleStage: 'growth' }, { contactId: 'li', idempotencyKey: 'k2', services });
    expect(services.profileOf('li')).toEqual({ tags: [], traits: { tier: 'gold', points: 50 }, lifecycleStage: 'growth' });
    expect(result.output).toEqual({ traits: { tier: 'gold', points: 50, old: null }, lifecycleStage: 'growth' });
  });

  it('stores nested JSON values as they are', async () => {
    const services = inMemoryServices({ li: [] });
    const address = { city: 'Shanghai', lines: ['1 Nanjing Rd'], verified: true, floor: null };
    await runActionNode(actionUpdateNode, { set: { address } }, { contactId: 'li', services });
    expect(services.profileOf('li')?.traits).toEqual({ address });
  });

  it('applies an increment once per idempotency key, so a retry does not count twice', async () => {
    const services = inMemoryServices({ li: [] });
    await runActionNode(actionUpdateNode, { increment: { points: 10 } }, { contactId: 'li', idempotencyKey: 'wf/n/1', services });
    await runActionNode(actionUpdateNode, { increment: { points: 10 } }, { contactId: 'li', idempotencyKey: 'wf/n/1', services });
    await runActionNode(actionUpdateNode, { increment: { points: 10 } }, { contactId: 'li', idempotencyKey: 'wf/n/2', services });
    expect(services.profileOf('li')?.traits).toEqual({ points: 20 });
  });

  it.each([
    [{}, /change at least one trait or the lifecycle stage/],
    [{ set: { a: 1 }, unset: ['a'] }, /unset.0: "a" is changed twice/],
    [{ set: { a: 1 }, increment: { a: 2 } }, /increment.a: "a" is changed twice/],
    [{ set: { tier: null } }, /set.tier: a trait cannot be set to null; unset it instead/],
    [{ set: { address: { $where: 'x' } } }, /set.address.\$where: "\$where" cannot be a key inside a trait/],
    [{ set: { orders: [{ 'a.b': 1 }] } }, /set.orders.0.a.b: "a.b" cannot be a key/],
    [{ set: { note: 'x'.repeat(10_001) } }, /set.note: at most 10000 characters/],
    [{ set: { 'a.b': 1 } }, /set.a.b: "a.b" is not a trait name/],
    [{ set: { constructor: 1 } }, /reserved/],
    [{ increment: { points: 'ten' } }, /increment.points/],
    [{ lifecycleStage: 'teen' }, /lifecycleStage/],
  ])('rejects the config %j', async (config, message) => {
    await expect(runActionNode(actionUpdateNode, config, { services: inMemoryServices() })).rejects.toThrow(message);
  });
});
