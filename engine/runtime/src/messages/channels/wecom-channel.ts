import { WecomAttachment, WecomChannelConfig, wecomChannelConfig } from '@trellis/journey';
import { createHash } from 'node:crypto';
import { ChannelAdapter, identityAddress, PermanentSendError } from './channel-adapter';
import { callProvider, ProviderHttp, providerTimeoutMs } from './provider-http';

interface WecomAnswer {
  errcode?: number;
  errmsg?: string;
  send_list?: { external_userid?: string; userid?: string; status?: number; send_time?: number }[];
  next_cursor?: string;
  access_token?: string;
  expires_in?: number;
  msgid?: string;
  fail_list?: string[];
}

/** Codes that mean the access token is no longer good: fetch another and try once more. */
const staleToken = new Set([40014, 42001, 42009]);
/** Codes worth trying again later: the system is busy, or a rate limit. */
const busy = new Set([-1, 45009, 45033]);
/** An access token is used until shortly before WeCom says it expires. */
const tokenMarginMs = 5 * 60_000;

/** A message's attachments as `add_msg_template` takes them. */
function attachmentOf(attachment: WecomAttachment): Record<string, unknown> {
  switch (attachment.type) {
    case 'link':
      return {
        msgtype: 'link',
        link: { title: attachment.title, url: attachment.url, ...(attachment.description ? { desc: attachment.description } : {}), ...(attachment.imageUrl ? { picurl: attachment.imageUrl } : {}) },
      };
    case 'miniprogram':
      return { msgtype: 'miniprogram', miniprogram: { title: attachment.title, pic_media_id: attachment.imageMediaId, appid: attachment.appId, page: attachment.page } };
    case 'image':
      return { msgtype: 'image', image: attachment.mediaId ? { media_id: attachment.mediaId } : { pic_url: attachment.imageUrl } };
  }
}

/**
 * WeCom (企业微信) 1:1 customer messages through the official server API. An access token is
 * fetched with `gettoken` (corp id and the customer-contact secret) and kept until shortly before
 * it expires. A message is `externalcontact/add_msg_template` with `chat_type: "single"`, sent by
 * the staff member who owns the contact (`wecomOwner`, else the configured default sender): WeCom
 * puts it in that person's app to confirm, so a send is `queued`, not `sent`, and WeCom's own
 * limits on how often a customer may receive such messages apply on top of ours.
 */
export function wecomChannel(options: { http: ProviderHttp; timeoutMs?: number }): ChannelAdapter<'wecom', WecomChannelConfig> {
  const tokens = new Map<string, { token: string; expiresAtMs: number }>();
  const timeoutMs = options.timeoutMs ?? providerTimeoutMs;

  async function call(workspaceId: string, sendId: string, method: 'GET' | 'POST', url: string, body?: unknown): Promise<WecomAnswer> {
    return callProvider(
      options.http,
      { workspaceId, method, url, headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}), timeoutMs, idempotencyKey: sendId },
      (status) => new PermanentSendError(`WeCom answered HTTP ${status}`),
    ) as Promise<WecomAnswer>;
  }

  async function accessToken(workspaceId: string, sendId: string, config: WecomChannelConfig, fresh: boolean): Promise<string> {
    const key = `${config.baseUrl}|${config.corpId}|${createHash('sha256').update(config.secret).digest('base64url')}`;
    const kept = tokens.get(key);
    if (!fresh && kept && kept.expiresAtMs > Date.now()) return kept.token;
    const query = new URLSearchParams({ corpid: config.corpId, corpsecret: config.secret });
    const answer = await call(workspaceId, sendId, 'GET', `${config.baseUrl}/cgi-bin/gettoken?${query}`);
    if (answer.errcode || !answer.access_token) throw refusal('gettoken', answer);
    tokens.set(key, { token: answer.access_token, expiresAtMs: Date.now() + (answer.expires_in ?? 7200) * 1000 - tokenMarginMs });
    return answer.access_token;
  }

  return {
    kind: 'wecom',
    capabilities: { audience: 'one', deliveryReceipts: false, dedupesRetries: false },
    config: wecomChannelConfig,
    addressOf(contact, config) {
      const address = identityAddress(contact, 'wecom');
      const via = contact.wecomOwner ?? config.defaultSender;
      return address && via ? { ...address, via } : undefined;
    },

    async send(workspaceId, config, message) {
      const { text, attachments } = message.body;
      const payload = {
        chat_type: 'single',
        external_userid: [message.to],
        sender: message.via,
        allow_select: false,
        ...(text?.trim() ? { text: { content: text } } : {}),
        ...(attachments.length ? { attachments: attachments.map(attachmentOf) } : {}),
      };
      let answer: WecomAnswer = {};
      for (const fresh of [false, true]) {
        const token = await accessToken(workspaceId, message.sendId, config, fresh);
        answer = await call(workspaceId, message.sendId, 'POST', `${config.baseUrl}/cgi-bin/externalcontact/add_msg_template?access_token=${encodeURIComponent(token)}`, payload);
        if (!staleToken.has(answer.errcode ?? 0)) break;
      }
      if (answer.errcode) throw refusal('add_msg_template', answer);
      if (answer.fail_list?.includes(message.to)) {
        throw new PermanentSendError(`WeCom cannot send from ${message.via} to ${message.to}: they are not that staff member's customer`, { reason: 'not_reachable' });
      }
      return { status: 'queued', ...(answer.msgid ? { providerMessageId: answer.msgid } : {}), response: { sender: message.via ?? null } };
    },

    /** `externalcontact/get_groupmsg_send_result`: whether the staff member sent it, and whether it arrived. */
    async settle(workspaceId, config, queued) {
      let cursor: string | undefined;
      do {
        let answer: WecomAnswer = {};
        for (const fresh of [false, true]) {
          const token = await accessToken(workspaceId, queued.sendId, config, fresh);
          answer = await call(workspaceId, queued.sendId, 'POST', `${config.baseUrl}/cgi-bin/externalcontact/get_groupmsg_send_result?access_token=${encodeURIComponent(token)}`, {
            msgid: queued.providerMessageId,
            userid: queued.via,
            limit: 1000,
            ...(cursor ? { cursor } : {}),
          });
          if (!staleToken.has(answer.errcode ?? 0)) break;
        }
        if (answer.errcode) throw refusal('get_groupmsg_send_result', answer);
        const mine = answer.send_list?.find((entry) => entry.external_userid === queued.to);
        if (mine?.status === 1) return { status: 'sent', at: new Date((mine.send_time ?? Date.now() / 1000) * 1000) };
        if (mine?.status === 2) return { status: 'failed', reason: 'not_reachable', error: `WeCom: ${queued.to} is no longer ${queued.via}'s customer` };
        if (mine?.status === 3) return { status: 'failed', reason: 'wecom_limit', error: `WeCom: ${queued.to} had already received this period's group message` };
        if (mine) return undefined;
        cursor = answer.next_cursor || undefined;
      } while (cursor);
      return undefined;
    },
  };
}

/** WeCom's error code, read: busy or rate-limited is retried; anything else is its final word. */
function refusal(call: string, answer: WecomAnswer): Error {
  const text = `WeCom ${call} answered errcode ${answer.errcode}: ${answer.errmsg ?? 'no message'}`;
  if (busy.has(answer.errcode ?? 0)) return new Error(text);
  if (answer.errcode === 40001 || answer.errcode === 40013 || answer.errcode === 40091) return new PermanentSendError(text, { reason: 'provider_auth' });
  return new PermanentSendError(text);
}
