import { channel, messageCategory, sendWindow } from '@trellis/journey';
import { z } from 'zod';
import { requireService } from '../define-action-node';
import { defineNode } from '../define-node';

export const actionMessageConfig = z
  .strictObject({
    channel: channel.describe('Where to send: WeCom 1:1, a WeCom customer group, WeCom Moments, SMS, email or push.'),
    template: z.string().trim().min(1, 'pick a message template').max(200).describe('The message template to send.'),
    category: messageCategory
      .default('content')
      .describe('"service" messages are exempt from frequency caps and quiet hours; "content" and "promo" are not.'),
    groupId: z.string().trim().min(1).max(200).optional().describe('The WeCom customer group to post in (wecom_group only).'),
    sendWindow: sendWindow.optional().describe('Send only between these local times, e.g. 10:00–20:00; the contact waits for the window.'),
    whenCapped: z
      .enum(['skip', 'defer'])
      .default('skip')
      .describe('When a frequency cap is full: skip this message, or hold it until the cap resets (within the policy’s expiry).'),
    splitOnOutcome: z
      .boolean()
      .default(false)
      .describe('Take "sent" or "notSent" (skipped by a guardrail, or failed) instead of one "next", e.g. to fall back to SMS.'),
  })
  .refine((config) => (config.channel === 'wecom_group') === (config.groupId !== undefined), {
    message: 'a customer-group post needs a groupId, and only group posts take one',
    path: ['groupId'],
  });
export type ActionMessageConfig = z.infer<typeof actionMessageConfig>;

export const actionMessageNode = defineNode({
  type: 'action.message',
  title: 'Send message',
  description: 'Sends a message template on a channel, within caps, quiet hours and consent.',
  icon: 'message',
  config: actionMessageConfig,
  ports: { ifSet: 'splitOnOutcome', then: ['sent', 'notSent'], otherwise: ['next'] },
  // Sends reach outside services through channel adapters whose own timeouts are below this one.
  timeout: { amount: 60, unit: 'seconds' },
  retry: { maxAttempts: 5 },
  async execute(config, { workspaceId, contactId, idempotencyKey, nowMs, finalAttempt, firstRun, origin, services }) {
    const receipt = await requireService(services, 'messages', 'action.message').send({
      workspaceId,
      contactId,
      idempotencyKey,
      channel: config.channel,
      template: config.template,
      category: config.category,
      whenCapped: config.whenCapped,
      nowMs,
      finalAttempt,
      firstRun,
      ...(origin ? { origin } : {}),
      ...(config.groupId ? { groupId: config.groupId } : {}),
    });
    if (receipt.status === 'deferred') return { defer: { untilMs: receipt.retryAtMs ?? nowMs, reason: receipt.reason ?? 'deferred' } };
    const delivered = receipt.status === 'sent' || receipt.status === 'queued';
    return {
      ...(config.splitOnOutcome ? { port: delivered ? 'sent' : 'notSent' } : {}),
      output: { ...receipt, channel: config.channel, template: config.template, category: config.category },
    };
  },
});
