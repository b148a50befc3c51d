import { describeNode } from '@trellis/journey';
import { inMemoryServices, runNode } from '@trellis/nodes';
import couponNode from './coupon.node';

const config = { serviceUrl: 'https://coupons.example.com/v1/coupons', campaign: 'spring-10', amount: 10 };

describe('acme.coupon', () => {
  it('issues a coupon with the idempotency key and saves its code on the contact', async () => {
    const services = inMemoryServices({}, () => ({ status: 201, body: { code: 'SPRING-7K2Q', expiresAt: '2026-05-01' } }));
    const { output, services: used } = await runNode(couponNode, { config, contact: 'alice', services, idempotencyKey: 'wf/coupon/1' });
    expect(output).toEqual({ code: 'SPRING-7K2Q', campaign: 'spring-10', amount: 10, expiresAt: '2026-05-01' });
    expect(used.profileOf('alice')?.traits).toEqual({ coupon_code: 'SPRING-7K2Q' });
    const [request] = used.requests;
    expect(request).toMatchObject({ method: 'POST', url: config.serviceUrl, idempotencyKey: 'wf/coupon/1', headers: { 'Idempotency-Key': 'wf/coupon/1' } });
    expect(JSON.parse(request!.body!)).toEqual({ campaign: 'spring-10', amount: 10, validDays: 30, contactId: 'alice' });
  });

  it('fails for good on a 4xx and retries on a 5xx', async () => {
    const refused = inMemoryServices({}, () => ({ status: 422, body: { error: 'campaign over' } }));
    await expect(runNode(couponNode, { config, services: refused })).rejects.toMatchObject({ name: 'NonRetryableActionError' });
    const down = inMemoryServices({}, () => ({ status: 503, body: {} }));
    await expect(runNode(couponNode, { config, services: down })).rejects.not.toMatchObject({ name: 'NonRetryableActionError' });
  });

  it('refuses an answer without a code', async () => {
    const services = inMemoryServices({}, () => ({ status: 200, body: { ok: true } }));
    await expect(runNode(couponNode, { config, services })).rejects.toThrow(/without a coupon code/);
  });

  it.each([
    [{ ...config, amount: 0 }, /amount/],
    [{ ...config, serviceUrl: 'ftp://coupons' }, /http/],
    [{ ...config, campaign: '' }, /name the campaign/],
  ])('rejects the config %j as publishing would', async (bad, message) => {
    await expect(runNode(couponNode, { config: bad })).rejects.toThrow(message);
  });

  it('declares its timeout and retry, and a config form for the editor', () => {
    expect(couponNode.execution).toEqual({ timeoutMs: 20_000, maxAttempts: 4, backoff: { initialIntervalMs: 2_000, coefficient: 2, maximumIntervalMs: 60_000 } });
    expect(describeNode(couponNode)).toMatchObject({ type: 'acme.coupon', category: 'action', configSchema: { required: expect.arrayContaining(['serviceUrl', 'campaign', 'amount']) } });
  });
});
