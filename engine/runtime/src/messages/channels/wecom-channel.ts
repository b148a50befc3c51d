import { WecomAttachment, WecomChannelConfig, wecomChannelConfig } from '@trellis/journey';
import { ChannelAdapter, identityAddress, PermanentSendError, QueuedMessage, Settled } from './channel-adapter';
import { Contact } from '../../store/contact.schema';
import { WecomApi } from './wecom-api';

/** A message's attachments as `add_msg_template` takes them. */
export function msgTemplateAttachment(attachment: WecomAttachment): Record<string, unknown> {
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

/** The text and attachments of an `add_msg_template` request. */
export function msgTemplateContent(body: { text?: string | undefined; attachments: WecomAttachment[] }): Record<string, unknown> {
  return {
    ...(body.text?.trim() ? { text: { content: body.text } } : {}),
    ...(body.attachments.length ? { attachments: body.attachments.map(msgTemplateAttachment) } : {}),
  };
}

/** The staff member a contact's WeCom messages go out through: their owner, else the channel's default sender. */
export function staffOf(contact: Contact, config: WecomChannelConfig): string | undefined {
  return contact.wecomOwner ?? config.defaultSender;
}

interface SendResultEntry {
  external_userid?: string;
  chat_id?: string;
  userid?: string;
  status?: number;
  send_time?: number;
}

/**
 * What a staff member did with a message task (`externalcontact/get_groupmsg_send_result`), for
 * the recipient `recipientOf` picks out: 1 sent, 2 not reachable (no longer their customer, or
 * not in the group), 3 WeCom's own limit; undefined while they have not sent it.
 */
export async function groupMessageResult(api: WecomApi, workspaceId: string, config: WecomChannelConfig, queued: QueuedMessage, recipientOf: (entry: SendResultEntry) => string | undefined): Promise<Settled | undefined> {
  let cursor: string | undefined;
  do {
    const answer = await api.call(workspaceId, queued.sendId, config, 'externalcontact/get_groupmsg_send_result', {
      body: { msgid: queued.providerMessageId, userid: queued.via, limit: 1000, ...(cursor ? { cursor } : {}) },
    });
    const mine = (answer.send_list as SendResultEntry[] | undefined)?.find((entry) => recipientOf(entry) === queued.to);
    if (mine?.status === 1) return { status: 'sent', at: new Date((mine.send_time ?? Date.now() / 1000) * 1000) };
    if (mine?.status === 2) return { status: 'failed', reason: 'not_reachable', error: `WeCom: ${queued.to} cannot be reached by ${queued.via} any more` };
    if (mine?.status === 3) return { status: 'failed', reason: 'wecom_limit', error: `WeCom: ${queued.to} had already received this period's message task` };
    if (mine) return undefined;
    cursor = typeof answer.next_cursor === 'string' && answer.next_cursor ? answer.next_cursor : undefined;
  } while (cursor);
  return undefined;
}

/**
 * WeCom (企业微信) 1:1 customer messages through the official server API: a message is
 * `externalcontact/add_msg_template` with `chat_type: "single"`, sent by the staff member who
 * owns the contact (`wecomOwner`, else the configured default sender). WeCom puts it in that
 * person's app to confirm, so a send is `queued`, not `sent`, and WeCom's own limits on how often
 * a customer may receive such messages apply on top of ours.
 */
export function wecomChannel(api: WecomApi): ChannelAdapter<'wecom', WecomChannelConfig> {
  return {
    channel: 'wecom',
    kind: 'wecom',
    capabilities: { audience: 'one', deliveryReceipts: false, dedupesRetries: false },
    config: wecomChannelConfig,
    addressOf(contact, config) {
      const address = identityAddress(contact, 'wecom');
      const via = staffOf(contact, config);
      return address && via ? { ...address, via } : undefined;
    },

    async send(workspaceId, config, message) {
      const answer = await api.call(workspaceId, message.sendId, config, 'externalcontact/add_msg_template', {
        body: { chat_type: 'single', external_userid: [message.to], sender: message.via, allow_select: false, ...msgTemplateContent(message.body) },
      });
      if ((answer.fail_list as string[] | undefined)?.includes(message.to)) {
        throw new PermanentSendError(`WeCom cannot send from ${message.via} to ${message.to}: they are not that staff member's customer`, { reason: 'not_reachable' });
      }
      return { status: 'queued', ...(typeof answer.msgid === 'string' ? { providerMessageId: answer.msgid } : {}), response: { sender: message.via ?? null } };
    },

    settle: (workspaceId, config, queued) => groupMessageResult(api, workspaceId, config, queued, (entry) => entry.external_userid),
  };
}
