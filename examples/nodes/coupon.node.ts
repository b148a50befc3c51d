import { defineNode, NonRetryableActionError, requireService } from '@trellis/nodes';
import { z } from 'zod';

/**
 * Issues a coupon from the shop's coupon service and keeps its code on the contact, so a later
 * message can say `{{ contact.traits.coupon_code }}`. The service is expected to answer
 * `POST <serviceUrl>` with `{ "code": "…", "expiresAt"?: "…" }`, and to honour `Idempotency-Key`:
 * a retried attempt must get the same coupon back, not a second one.
 */
export const couponConfig = z.strictObject({
  serviceUrl: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).describe('The coupon service endpoint, e.g. https://coupons.example.com/v1/coupons.'),
  campaign: z.string().trim().min(1, 'name the campaign').max(100).describe('The coupon campaign, e.g. "spring-10".'),
  amount: z.number().positive().max(100_000).describe('The discount, in the shop currency.'),
  validDays: z.number().int().min(1).max(365).default(30).describe('How many days the coupon is valid.'),
  trait: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a trait name such as "coupon_code"')
    .default('coupon_code')
    .describe('The contact trait the code is saved in.'),
});
export type CouponConfig = z.infer<typeof couponConfig>;

const couponAnswer = z.object({ code: z.string().min(1).max(200), expiresAt: z.string().optional() });

export default defineNode({
  type: 'acme.coupon',
  title: 'Issue coupon',
  description: 'Issues a coupon from the coupon service and saves its code on the contact.',
  icon: 'gift',
  config: couponConfig,
  ports: ['next'],
  // Above the request's own 15 s, so the request says it timed out before the activity does.
  timeout: { amount: 20, unit: 'seconds' },
  retry: { maxAttempts: 4, initialInterval: { amount: 2, unit: 'seconds' }, maximumInterval: { amount: 1, unit: 'minutes' } },
  async execute(config, { workspaceId, contactId, idempotencyKey, services }) {
    // The runtime's HTTP service: public addresses only (SSRF guard) unless the workspace allow-lists a host.
    const response = await requireService(services, 'http', 'acme.coupon').request({
      workspaceId,
      method: 'POST',
      url: config.serviceUrl,
      headers: { 'content-type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify({ campaign: config.campaign, amount: config.amount, validDays: config.validDays, contactId }),
      timeoutMs: 15_000,
      idempotencyKey,
    });
    if (response.status < 200 || response.status >= 300) {
      const message = `coupon service answered ${response.status}`;
      // A 4xx (other than timeout and rate limit) is a wrong request: retrying cannot help.
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new NonRetryableActionError(message);
      throw new Error(message);
    }
    const answer = couponAnswer.safeParse(response.body);
    if (!answer.success) throw new NonRetryableActionError(`coupon service answered without a coupon code: ${JSON.stringify(response.body).slice(0, 200)}`);
    const { code, expiresAt } = answer.data;
    await services.contacts.updateProfile(workspaceId, contactId, { set: { [config.trait]: code }, increment: {}, unset: [] }, idempotencyKey);
    return { output: { code, campaign: config.campaign, amount: config.amount, ...(expiresAt ? { expiresAt } : {}) } };
  },
});
