import { WecomChannelConfig, wecomChannelConfig } from '@trellis/journey';
import { ChannelAdapter, PermanentSendError } from './channel-adapter';
import { WecomApi } from './wecom-api';
import { groupMessageResult, msgTemplateContent } from './wecom-channel';

/**
 * WeCom customer-group posts (客户群群发): `externalcontact/add_msg_template` with
 * `chat_type: "group"` and the group's `chat_id`, sent by the group's owner, whom
 * `externalcontact/groupchat/get` names. Like a 1:1 message it waits in the owner's app to be
 * confirmed (`queued`); WeCom lets a group receive one such post a day, which is why the send path
 * makes one post per group per node per day however many contacts reach the node.
 */
export function wecomGroupChannel(api: WecomApi): ChannelAdapter<'wecom', WecomChannelConfig> {
  return {
    channel: 'wecom_group',
    kind: 'wecom',
    capabilities: { audience: 'group', deliveryReceipts: false, dedupesRetries: false },
    config: wecomChannelConfig,
    addressOf: (_contact, _config, target) => (target.groupId ? { to: target.groupId } : undefined),

    async send(workspaceId, config, message) {
      let owner: unknown;
      try {
        const found = await api.call(workspaceId, message.sendId, config, 'externalcontact/groupchat/get', { body: { chat_id: message.to, need_name: 0 } });
        owner = (found.group_chat as { owner?: unknown } | undefined)?.owner;
      } catch (error) {
        if (!(error instanceof PermanentSendError) || error.reason === 'provider_auth') throw error;
        throw new PermanentSendError(`WeCom knows no customer group ${message.to} of this corp: ${error.message}`, { reason: 'not_reachable' });
      }
      if (typeof owner !== 'string' || !owner) throw new PermanentSendError(`WeCom names no owner of customer group ${message.to}`, { reason: 'not_reachable' });
      const answer = await api.call(workspaceId, message.sendId, config, 'externalcontact/add_msg_template', {
        body: { chat_type: 'group', chat_id_list: [message.to], sender: owner, allow_select: false, ...msgTemplateContent(message.body) },
      });
      return { status: 'queued', via: owner, ...(typeof answer.msgid === 'string' ? { providerMessageId: answer.msgid } : {}), response: { sender: owner } };
    },

    settle: (workspaceId, config, queued) => groupMessageResult(api, workspaceId, config, queued, (entry) => entry.chat_id),
  };
}
