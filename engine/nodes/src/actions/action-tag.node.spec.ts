import { describeNode } from '@trellis/journey';
import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionTagNode } from './action-tag.node';

describe('action.tag', () => {
  it('adds and removes tags, reporting the tags afterwards', async () => {
    const services = inMemoryServices({ alice: ['lead', 'trial'] });
    const result = await runActionNode(actionTagNode, { add: ['welcomed'], remove: ['trial'] }, { contactId: 'alice', services });
    expect(services.tagsOf('alice').sort()).toEqual(['lead', 'welcomed']);
    expect(result).toEqual({ output: { added: ['welcomed'], removed: ['trial'], tags: ['lead', 'welcomed'] } });
  });

  it('is idempotent, so a retried activity changes nothing more', async () => {
    const services = inMemoryServices({ alice: [] });
    await runActionNode(actionTagNode, { add: ['vip'] }, { contactId: 'alice', services });
    await runActionNode(actionTagNode, { add: ['vip'] }, { contactId: 'alice', services });
    expect(services.tagsOf('alice')).toEqual(['vip']);
  });

  it.each([
    [{}, /at least one tag/],
    [{ add: [''] }, /cannot be empty/],
    [{ add: ['x'], colour: 'red' }, /Unrecognized key/],
  ])('rejects the config %j', async (config, message) => {
    await expect(runActionNode(actionTagNode, config, { services: inMemoryServices() })).rejects.toThrow(message);
  });

  it('is an action with one "next" port and a JSON Schema for the editor', () => {
    expect(describeNode(actionTagNode)).toMatchObject({ category: 'action', ports: ['next'], configSchema: { type: 'object' } });
  });
});
