import { valueAt } from '@trellis/journey';
import { z } from 'zod';
import { httpMethods, NonRetryableActionError, requireService } from '../define-action-node';
import { defineNode } from '../define-node';
import { traitMap, traitValue } from './trait-key';

const forbiddenHeaders = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);

export const actionWebhookConfig = z.strictObject({
  method: z.enum(httpMethods).default('POST').describe('The HTTP method.'),
  url: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).max(2000).describe('Where to send the request.'),
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'a header name such as "Authorization"'), z.string().max(2000))
    .default({})
    .refine((headers) => Object.keys(headers).length <= 20, 'at most 20 headers')
    .refine((headers) => Object.keys(headers).every((name) => !forbiddenHeaders.has(name.toLowerCase())), 'Host, Content-Length, Connection and Transfer-Encoding are set for you')
    .describe('Request headers, e.g. an Authorization token.'),
  body: z.string().max(10_000).optional().describe('The request body, e.g. JSON.'),
  // Seconds rather than a journey duration: durations start at minutes, and an attempt may take at most one.
  timeoutSeconds: z
    .number()
    .int()
    .min(1)
    .max(60, 'at most 60 seconds')
    .default(10)
    .describe('How long one attempt may take; failed attempts are retried with backoff.'),
  saveResponse: traitMap(z.string().regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'a dotted path into the JSON response, e.g. "data.coupon"'))
    .default({})
    .describe('Copy fields of the JSON response into contact traits: { "coupon": "data.code" }.'),
});
export type ActionWebhookConfig = z.infer<typeof actionWebhookConfig>;

export const actionWebhookNode = defineNode({
  type: 'action.webhook',
  title: 'Call a webhook',
  description: 'Calls an HTTP endpoint (CRM, coupon service…) and can save fields of its answer on the contact.',
  icon: 'webhook',
  config: actionWebhookConfig,
  ports: ['next'],
  // Above the longest request timeout, so the request times out (and says so) before the activity does.
  timeout: { amount: 65, unit: 'seconds' },
  retry: { maxAttempts: 5 },
  async execute(config, { workspaceId, contactId, idempotencyKey, services }) {
    const response = await requireService(services, 'http', 'action.webhook').request({
      workspaceId,
      method: config.method,
      url: config.url,
      headers: { 'Idempotency-Key': idempotencyKey, ...config.headers },
      ...(config.body !== undefined ? { body: config.body } : {}),
      timeoutMs: config.timeoutSeconds * 1000,
      idempotencyKey,
    });
    if (response.status < 200 || response.status >= 300) {
      const message = `${config.method} ${config.url} answered ${response.status}`;
      // A 4xx other than timeout/rate limit means the request itself is wrong: retrying cannot help.
      if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new NonRetryableActionError(message);
      throw new Error(message);
    }
    // The response is untrusted: only values a trait can safely hold are saved; the rest are named in the log.
    const set: Record<string, unknown> = {};
    const notSaved: string[] = [];
    for (const [trait, path] of Object.entries(config.saveResponse)) {
      const value = traitValue.safeParse(valueAt(response.body, path));
      if (value.success) set[trait] = value.data;
      else notSaved.push(trait);
    }
    if (Object.keys(set).length) await services.contacts.updateProfile(workspaceId, contactId, { set, increment: {}, unset: [] }, idempotencyKey);
    return { output: { status: response.status, saved: set, ...(notSaved.length ? { notSaved } : {}) } };
  },
});
