import { ContactSnapshot, SimulationError } from '@trellis/journey';
import { AnyActionNodeSpec } from './define-action-node';
import { createFullCatalogue } from './index';
import { simulateActions } from './simulate-actions';

const catalogue = createFullCatalogue();
const contact: ContactSnapshot = { traits: { points: 40, tier: 'basic', city: 'Shanghai' }, tags: ['lead'], lifecycleStage: 'intro' };
const visit = { contactId: 'li', visit: 2, nowMs: 0 };
const command = (nodeType: string, config: Record<string, unknown>, nodeId = 'n1') => ({ type: 'runAction' as const, nodeId, nodeType, config });

describe('simulateActions', () => {
  const simulate = simulateActions(catalogue);

  it('runs action.tag for real and reports the tag change', async () => {
    expect(await simulate(command('action.tag', { add: ['vip'], remove: ['lead'] }), contact, visit)).toEqual({
      tags: { add: ['vip'], remove: ['lead'] },
      sends: [],
      output: { added: ['vip'], removed: ['lead'], tags: ['vip'] },
    });
  });

  it('applies action.update to a copy of the traits: increments from 0 when missing or not a number', async () => {
    const config = { set: { tier: 'gold' }, increment: { points: 10, visits: 1, city: 2 }, unset: ['old'], lifecycleStage: 'growth' };
    const outcome = await simulate(command('action.update', config), contact, visit);
    const traits = { tier: 'gold', points: 50, visits: 1, city: 2, old: null };
    expect(outcome).toMatchObject({ traits, lifecycleStage: 'growth', output: { traits, lifecycleStage: 'growth' } });
    expect(contact.traits).toEqual({ points: 40, tier: 'basic', city: 'Shanghai' });
  });

  it('records a sent message, with the deterministic per-visit key as its id', async () => {
    const outcome = await simulate(command('action.message', { channel: 'sms', template: 'coupon', category: 'promo' }, 'send'), contact, visit);
    expect(outcome.sends).toEqual([{ channel: 'sms', template: 'coupon', category: 'promo' }]);
    expect(outcome.output).toMatchObject({ messageId: 'simulation/li/send/2', status: 'sent' });
  });

  it('answers a webhook without network I/O, showing the call but not its headers', async () => {
    const config = { url: 'https://crm.example.com/hook', headers: { Authorization: 'Bearer secret' }, saveResponse: { coupon: 'data.code' } };
    const outcome = await simulate(command('action.webhook', config), contact, visit);
    expect(outcome.output).toEqual({ status: 200, saved: {}, notSaved: ['coupon'], request: { method: 'POST', url: 'https://crm.example.com/hook' } });
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });

  it('answers groups, hand-offs and enrolments in another journey', async () => {
    expect((await simulate(command('action.group', { operation: 'invite', groupId: 'g1' }), contact, visit)).output).toEqual({ operation: 'invite', groupId: 'g1', status: 'simulated' });
    expect((await simulate(command('action.enroll', { journeyId: 'ladder' }), contact, visit)).output).toEqual({
      journeyId: 'ladder',
      enrolled: false,
      reason: 'not simulated: another journey',
    });
    const handoff = await simulate(command('action.handoff', { title: 'Call', waitForResolution: { timeout: { amount: 1, unit: 'days' } } }, 'call'), contact, visit);
    expect(handoff.output).toEqual({ taskId: 'simulation/li/call/2' });
    expect(handoff.waitFor).toMatchObject({ event: 'task_resolved', where: { value: 'simulation/li/call/2' }, port: 'resolved', timeoutPort: 'timedOut' });
  });

  it('gives each contact and visit its own idempotency key', async () => {
    const send = command('action.message', { channel: 'wecom', template: 'hi' }, 'send');
    const ids = await Promise.all(
      [visit, { contactId: 'li', visit: 3, nowMs: 0 }, { contactId: 'wang', visit: 2, nowMs: 0 }].map(async (at) => (await simulate(send, contact, at)).output?.['messageId']),
    );
    expect(ids).toEqual(['simulation/li/send/2', 'simulation/li/send/3', 'simulation/wang/send/2']);
  });

  it('parses each config object once, however many contacts run it', async () => {
    const parse = jest.spyOn(catalogue.action('action.tag')!.config, 'safeParse');
    const tag = command('action.tag', { add: ['vip'] });
    for (let index = 0; index < 50; index++) await simulate(tag, contact, { contactId: `c${index}`, visit: 1, nowMs: 0 });
    expect(parse).toHaveBeenCalledTimes(1);
    parse.mockRestore();
  });

  it('refuses unknown action types and invalid configs', async () => {
    await expect(simulate(command('action.fax', {}), contact, visit)).rejects.toThrow(SimulationError);
    await expect(simulate(command('action.tag', {}, 'bad'), contact, visit)).rejects.toThrow('invalid config for action.tag at node "bad"');
  });

  it('runs custom action nodes handed to it', async () => {
    const custom: AnyActionNodeSpec = { ...catalogue.action('action.tag')!, type: 'acme.ping', execute: async () => ({ port: 'pong', output: { pinged: true } }) };
    const outcome = await simulateActions({ action: (type) => (type === 'acme.ping' ? custom : undefined) })(command('acme.ping', { add: ['x'] }), contact, visit);
    expect(outcome).toEqual({ tags: { add: [], remove: [] }, sends: [], port: 'pong', output: { pinged: true } });
  });
});
