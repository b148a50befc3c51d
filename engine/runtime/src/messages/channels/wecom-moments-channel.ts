import { WecomAttachment, WecomChannelConfig, wecomChannelConfig } from '@trellis/journey';
import { ChannelAdapter, PermanentSendError } from './channel-adapter';
import { WecomApi } from './wecom-api';
import { staffOf } from './wecom-channel';

/** An attachment as `add_moment_task` takes it: images and a link's cover by media id (`checkSharedPost` refuses the rest at publish). */
function momentAttachment(attachment: WecomAttachment): Record<string, unknown> {
  switch (attachment.type) {
    case 'link':
      return { msgtype: 'link', link: { title: attachment.title, url: attachment.url, ...(attachment.imageMediaId ? { media_id: attachment.imageMediaId } : {}) } };
    case 'image':
      if (attachment.mediaId) return { msgtype: 'image', image: { media_id: attachment.mediaId } };
      throw new PermanentSendError('Moments take images by media id: upload the image to WeCom and give its mediaId', { reason: 'render_error' });
    case 'miniprogram':
      throw new PermanentSendError('Moments cannot show a mini-program card', { reason: 'render_error' });
  }
}

interface MomentJob {
  status?: number;
  result?: { errcode?: number; errmsg?: string; moment_id?: string; invalid_sender_list?: { user_list?: string[] } };
}

/**
 * WeCom Moments posts (客户朋友圈) per staff member: `externalcontact/add_moment_task` with the
 * staff member as the only sender, visible to their customers. WeCom creates the task as a job
 * (`get_moment_task_result`) and the staff member publishes it from their app
 * (`get_moment_task`: `publish_status` 1), so a post is `queued` until then. One post per staff
 * member per node per day, however many of their customers reach the node.
 */
export function wecomMomentsChannel(api: WecomApi): ChannelAdapter<'wecom', WecomChannelConfig> {
  return {
    channel: 'wecom_moments',
    kind: 'wecom',
    capabilities: { audience: 'feed', deliveryReceipts: false, dedupesRetries: false },
    config: wecomChannelConfig,
    addressOf(contact, config) {
      const staff = staffOf(contact, config);
      return staff ? { to: staff, via: staff } : undefined;
    },

    async send(workspaceId, config, message) {
      const { text, attachments } = message.body;
      const answer = await api.call(workspaceId, message.sendId, config, 'externalcontact/add_moment_task', {
        body: {
          ...(text?.trim() ? { text: { content: text } } : {}),
          ...(attachments.length ? { attachments: attachments.map(momentAttachment) } : {}),
          visible_range: { sender_list: { user_list: [message.to] } },
        },
      });
      return { status: 'queued', via: message.to, ...(typeof answer.jobid === 'string' ? { providerMessageId: answer.jobid } : {}), response: { sender: message.to } };
    },

    async settle(workspaceId, config, queued) {
      const job = (await api.call(workspaceId, queued.sendId, config, 'externalcontact/get_moment_task_result', { query: { jobid: queued.providerMessageId } })) as MomentJob;
      if (job.status !== 3 || !job.result) return undefined;
      const { result } = job;
      if (result.errcode) return { status: 'failed', reason: 'provider_rejected', error: `WeCom did not create the Moments task: errcode ${result.errcode}: ${result.errmsg ?? 'no message'}` };
      if (result.invalid_sender_list?.user_list?.includes(queued.to)) return { status: 'failed', reason: 'not_reachable', error: `WeCom: ${queued.to} cannot post to customers' Moments` };
      if (!result.moment_id) return undefined;
      let cursor: string | undefined;
      do {
        const answer = await api.call(workspaceId, queued.sendId, config, 'externalcontact/get_moment_task', { body: { moment_id: result.moment_id, limit: 1000, ...(cursor ? { cursor } : {}) } });
        const task = (answer.task_list as { userid?: string; publish_status?: number }[] | undefined)?.find((entry) => entry.userid === queued.to);
        if (task) return task.publish_status === 1 ? { status: 'sent', at: new Date() } : undefined;
        cursor = typeof answer.next_cursor === 'string' && answer.next_cursor ? answer.next_cursor : undefined;
      } while (cursor);
      return undefined;
    },
  };
}
