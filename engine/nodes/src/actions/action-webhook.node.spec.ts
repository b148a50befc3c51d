import { inMemoryServices, runActionNode } from '../testing/node-harness';
import { actionWebhookNode } from './action-webhook.node';
import { NonRetryableActionError } from '../define-action-node';

describe('action.webhook', () => {
  it('calls the URL with the idempotency key and saves response fields as traits', async () => {
    const services = inMemoryServices({ li: [] }, () => ({ status: 200, body: { data: { code: 'WELCOME10' } } }));
    const config = { url: 'https://coupons.example.com/issue', headers: { Authorization: 'Bearer t' }, body: '{"campaign":"welcome"}', saveResponse: { coupon: 'data.code', missing: 'data.nope' } };
    const result = await runActionNode(actionWebhookNode, config, { contactId: 'li', idempotencyKey: 'wf/hook/1', services });
    expect(services.requests).toEqual([
      { workspaceId: 'ws-test', method: 'POST', url: config.url, headers: { 'Idempotency-Key': 'wf/hook/1', Authorization: 'Bearer t' }, body: config.body, timeoutMs: 10_000, idempotencyKey: 'wf/hook/1' },
    ]);
    expect(services.profileOf('li')?.traits).toEqual({ coupon: 'WELCOME10' });
    expect(result.output).toEqual({ status: 200, saved: { coupon: 'WELCOME10' }, notSaved: ['missing'] });
  });

  it('saves only response values a trait can safely hold, and names the others', async () => {
    const body = { data: { ok: { tier: 'gold' }, unsafe: { $set: { admin: true } }, empty: null } };
    const services = inMemoryServices({ li: [] }, () => ({ status: 201, body }));
    const saveResponse = { tier: 'data.ok.tier', profile: 'data.ok', hack: 'data.unsafe', empty: 'data.empty' };
    const result = await runActionNode(actionWebhookNode, { url: 'https://crm.example.com', saveResponse }, { contactId: 'li', services });
    expect(services.profileOf('li')?.traits).toEqual({ tier: 'gold', profile: { tier: 'gold' } });
    expect(result.output).toEqual({ status: 201, saved: { tier: 'gold', profile: { tier: 'gold' } }, notSaved: ['hack', 'empty'] });
  });

  it('writes nothing to the contact when it saves no response fields', async () => {
    const services = inMemoryServices({ li: [] });
    const result = await runActionNode(actionWebhookNode, { method: 'GET', url: 'https://x.example.com/ping', timeoutSeconds: 30 }, { contactId: 'li', services });
    expect(services.requests[0]).toMatchObject({ method: 'GET', timeoutMs: 30_000 });
    expect(services.profileOf('li')?.traits).toEqual({});
    expect(result.output).toEqual({ status: 200, saved: {} });
  });

  it('retries server errors and rate limits, but not other client errors', async () => {
    const answering = (status: number) => inMemoryServices({ li: [] }, () => ({ status, body: {} }));
    const call = (status: number) => runActionNode(actionWebhookNode, { url: 'https://x.example.com' }, { contactId: 'li', services: answering(status) });
    await expect(call(503)).rejects.toThrow('POST https://x.example.com answered 503');
    await expect(call(503)).rejects.not.toBeInstanceOf(NonRetryableActionError);
    await expect(call(429)).rejects.not.toBeInstanceOf(NonRetryableActionError);
    await expect(call(408)).rejects.not.toBeInstanceOf(NonRetryableActionError);
    await expect(call(404)).rejects.toBeInstanceOf(NonRetryableActionError);
    await expect(call(302)).rejects.toThrow('answered 302');
  });

  it('fails clearly where the runtime has no HTTP service yet', async () => {
    const { contacts } = inMemoryServices({ li: [] });
    await expect(runActionNode(actionWebhookNode, { url: 'https://x.example.com' }, { services: { contacts } })).rejects.toThrow('action.webhook needs the "http" service');
  });

  it.each([
    [{ url: 'ftp://x.example.com' }, /http:\/\/ or https:\/\//],
    [{ url: 'not a url' }, /url: an http/],
    [{ url: 'https://x.example.com', method: 'TRACE' }, /method/],
    [{ url: 'https://x.example.com', headers: { Host: 'evil' } }, /headers: Host, Content-Length/],
    [{ url: 'https://x.example.com', headers: { 'content-length': '1' } }, /set for you/],
    [{ url: 'https://x.example.com', headers: Object.fromEntries(Array.from({ length: 21 }, (_, index) => [`X-H${index}`, 'v'])) }, /at most 20 headers/],
    [{ url: 'https://x.example.com', body: 'x'.repeat(10_001) }, /body/],
    [{ url: 'https://x.example.com', saveResponse: { 'bad key': 'a' } }, /saveResponse.bad key: "bad key" is not a trait name/],
    [{ url: 'https://x.example.com', timeoutSeconds: 600 }, /at most 60 seconds/],
    [{ url: 'https://x.example.com', saveResponse: { coupon: 'a..b' } }, /dotted path/],
  ])('rejects the config %j', async (config, message) => {
    await expect(runActionNode(actionWebhookNode, config, { services: inMemoryServices() })).rejects.toThrow(message);
  });
});
