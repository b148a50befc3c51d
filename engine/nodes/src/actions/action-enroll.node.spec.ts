import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionEnrollNode } from './action-enroll.node';

describe('action.enroll', () => {
  it('sends the contact into another journey, passing the idempotency key', async () => {
    const services = inMemoryServices({ li: [] });
    const result = await runActionNode(actionEnrollNode, { journeyId: 'ladder' }, { contactId: 'li', idempotencyKey: 'wf/e/1', services });
    expect(result.output).toEqual({ journeyId: 'ladder', enrolled: true });
    expect(services.enrolments).toEqual([{ workspaceId: 'ws-test', contactId: 'li', idempotencyKey: 'wf/e/1', journeyId: 'ladder' }]);
  });

  it('enrols once per visit, however often the activity is retried', async () => {
    const services = inMemoryServices({ li: [] });
    await runActionNode(actionEnrollNode, { journeyId: 'ladder' }, { contactId: 'li', idempotencyKey: 'wf/e/1', services });
    await runActionNode(actionEnrollNode, { journeyId: 'ladder' }, { contactId: 'li', idempotencyKey: 'wf/e/1', services });
    expect(services.enrolments).toHaveLength(1);
  });

  it.each([
    [{ journeyId: '' }, /journeyId: pick the journey/],
    [{}, /journeyId/],
    [{ journeyId: 'ladder', restart: true }, /Unrecognized key/],
  ])('rejects the config %j', async (config, message) => {
    await expect(runActionNode(actionEnrollNode, config, { services: inMemoryServices() })).rejects.toThrow(message);
  });

  it('fails clearly where the runtime cannot enrol into journeys yet', async () => {
    const { contacts } = inMemoryServices({ li: [] });
    await expect(runActionNode(actionEnrollNode, { journeyId: 'ladder' }, { services: { contacts } })).rejects.toThrow('action.enroll needs the "journeys" service');
  });
});
