import { defineNode, HttpRequest, NonRetryableActionError, requireService } from '@trellis/nodes';
import { messageCategory } from '@trellis/journey';
import { z } from 'zod';

/**
 * Invites the contact into a WeCom customer group. WeCom has no API that puts an external contact
 * into a group, so the invitation is the group's "join way": its QR code, sent as a 1:1 message.
 *
 * The WeCom API needs the corp's access token, which node services do not hold (the runtime's
 * WeCom client lives inside its channels). So this node calls a relay the team runs — any small
 * service that adds `access_token` and forwards `POST <relayUrl>/externalcontact/groupchat/<method>`
 * to `https://qyapi.weixin.qq.com/cgi-bin/externalcontact/groupchat/<method>` — through the
 * runtime's HTTP service (public addresses only unless the workspace allow-lists the relay's host).
 * The QR code is saved as a contact trait, and the message template shows it, e.g.
 * `扫码加入会员群：{{ contact.traits.wecom_group_qr }}`.
 */
export const wecomGroupInviteConfig = z.strictObject({
  relayUrl: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).describe('The WeCom API relay, e.g. https://wecom-relay.internal.example.com/cgi-bin.'),
  chatIds: z
    .array(z.string().trim().min(1).max(100))
    .min(1, 'name the group chat')
    .max(5, 'WeCom takes at most 5 group chats per join way')
    .describe('The customer group chat ids (chat_id) the join way lets people into.'),
  configId: z.string().trim().min(1).max(100).optional().describe('An existing join way (config_id); a new one is created when not given.'),
  template: z.string().trim().min(1, 'pick a message template').max(200).describe('The WeCom 1:1 template that shows the QR code.'),
  category: messageCategory.default('content').describe('"service" messages are exempt from frequency caps and quiet hours.'),
  trait: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a trait name such as "wecom_group_qr"')
    .default('wecom_group_qr')
    .describe('The contact trait the QR code URL is saved in, for the template.'),
});
export type WecomGroupInviteConfig = z.infer<typeof wecomGroupInviteConfig>;

const wecomAnswer = z.looseObject({ errcode: z.number(), errmsg: z.string().optional() });
const addJoinWayAnswer = wecomAnswer.extend({ config_id: z.string().optional() });
const getJoinWayAnswer = wecomAnswer.extend({ join_way: z.looseObject({ qr_code: z.string().min(1) }).optional() });
/** WeCom codes a retry may get past: system busy, rate limits, an access token the relay must refresh. */
const transientWecomCodes = new Set([-1, 40014, 42001, 45009, 45033]);

export default defineNode({
  type: 'acme.wecomGroupInvite',
  title: 'Invite to WeCom group',
  description: 'Sends the contact a WeCom customer group’s join QR code as a 1:1 message.',
  icon: 'users',
  config: wecomGroupInviteConfig,
  ports: ['next'],
  timeout: { amount: 60, unit: 'seconds' },
  retry: { maxAttempts: 5, initialInterval: { amount: 5, unit: 'seconds' }, maximumInterval: { amount: 5, unit: 'minutes' } },
  async execute(config, { workspaceId, contactId, idempotencyKey, nowMs, finalAttempt, firstRun, origin, services }) {
    const http = requireService(services, 'http', 'acme.wecomGroupInvite');
    const messages = requireService(services, 'messages', 'acme.wecomGroupInvite');
    async function call<T extends z.ZodType<{ errcode: number; errmsg?: string | undefined }>>(method: string, body: unknown, answer: T, key: string): Promise<z.infer<T>> {
      const request: HttpRequest = {
        workspaceId,
        method: 'POST',
        url: `${config.relayUrl.replace(/\/+$/, '')}/externalcontact/groupchat/${method}`,
        headers: { 'content-type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(body),
        timeoutMs: 10_000,
        idempotencyKey: key,
      };
      const response = await http.request(request);
      if (response.status < 200 || response.status >= 300) throw new Error(`WeCom relay answered ${response.status} to ${method}`);
      const parsed = answer.safeParse(response.body);
      if (!parsed.success) throw new NonRetryableActionError(`WeCom ${method} answered in an unexpected shape`);
      const { errcode, errmsg } = parsed.data;
      if (errcode !== 0) {
        const message = `WeCom ${method} failed: ${errcode} ${errmsg ?? ''}`.trim();
        throw transientWecomCodes.has(errcode) ? new Error(message) : new NonRetryableActionError(message);
      }
      return parsed.data;
    }

    let configId = config.configId;
    if (!configId) {
      // scene 2: a QR code; the relay sees the key, so a retry does not create a second join way.
      const added = await call('add_join_way', { scene: 2, chat_id_list: config.chatIds, auto_create_room: 0, remark: 'trellis' }, addJoinWayAnswer, `${idempotencyKey}/add_join_way`);
      if (!added.config_id) throw new NonRetryableActionError('WeCom add_join_way answered without a config_id');
      configId = added.config_id;
    }
    const joinWay = await call('get_join_way', { config_id: configId }, getJoinWayAnswer, `${idempotencyKey}/get_join_way`);
    const qrCode = joinWay.join_way?.qr_code;
    if (!qrCode) throw new NonRetryableActionError(`WeCom join way ${configId} has no QR code`);
    await services.contacts.updateProfile(workspaceId, contactId, { set: { [config.trait]: qrCode }, increment: {}, unset: [] }, idempotencyKey);
    const receipt = await messages.send({
      workspaceId,
      contactId,
      idempotencyKey,
      channel: 'wecom',
      template: config.template,
      category: config.category,
      whenCapped: 'skip',
      nowMs,
      finalAttempt,
      firstRun,
      ...(origin ? { origin } : {}),
    });
    if (receipt.status === 'deferred') return { defer: { untilMs: receipt.retryAtMs ?? nowMs, reason: receipt.reason ?? 'deferred' } };
    return { output: { configId, qrCode, messageId: receipt.messageId, status: receipt.status, ...(receipt.reason ? { reason: receipt.reason } : {}) } };
  },
});
