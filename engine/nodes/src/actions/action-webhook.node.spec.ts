import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionWebhookNode } from './action-webhook.node';
import { NonRetryableActionError } from '../define-action-node';

describe('action.webhook', () => {
  it('calls the URL with the idempotency key and saves response fields as traits', async () => {
    const services = inMemoryServices({ li: [] }, () => ({ status: 200, body: { data: { code: 'WELCOME10' } } }));
    const config = { url: 'https://coupons.example.com/issue', headers: { Authorization: 'Bearer t' }, body: '{"campaign":"welcome"}', saveResponse: { coupon: 'data.code', missing: 'data.nope' } };
    const result = await runActionNode(actionWebhookNode, config, { contactId: 'li', idempotencyKey: 'wf/hook/1', services });
    expect(services.requests).toEqual([
      { method: 'POST', url: config.url, headers: { 'Idempotency-Key': 'wf/hook/1', Authorization: 'Bearer t' }, body: config.body, timeoutMs: 10_000, idempotencyKey: 'wf/hook/1' },
    ]);
    expect(services.profileOf('li')?.traits).toEqual({ coupon: 'WELCOME10' });
    expect(result.output).toEqual({ status: 200, saved: { coupon: 'WELCOME10' } });
  });

  it('retries server errors and rate limits, but not other client errors', async () => {
    const answering = (status: number) => inMemoryServices({ li: [] }, () => ({ status, body: {} }));
    const call = (status: number) => runActionNode(actionWebhookNode, { url: 'https://x.example.com' }, { contactId: 'li', services: answering(status) });
    await expect(call(503)).rejects.toThrow('POST https://x.example.com answered 503');
    await expect(call(503)).rejects.not.toBeInstanceOf(NonRetryableActionError);
    await expect(call(429)).rejects.not.toBeInstanceOf(NonRetryableActionError);
    await expect(call(404)).rejects.toBeInstanceOf(NonRetryableActionError);
  });

  it.each([
    [{ url: 'ftp://x.example.com' }, /http:\/\/ or https:\/\//],
    [{ url: 'https://x.example.com', headers: { Host: 'evil' } }, /set for you/],
    [{ url: 'https://x.example.com', timeoutSeconds: 600 }, /at most 60 seconds/],
    [{ url: 'https://x.example.com', saveResponse: { coupon: 'a..b' } }, /dotted path/],
  ])('rejects the config %j', async (config, message) => {
    await expect(runActionNode(actionWebhookNode, config, { services: inMemoryServices() })).rejects.toThrow(message);
  });
});
