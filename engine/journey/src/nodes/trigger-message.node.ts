import { defineNode } from '../node-definition';
import { MessageMatch, messageMatch } from '../triggers/message-match';

/** The event the channels record for every message a contact sends in (properties: text, channel). */
export const inboundMessageEvent = 'message_received';

export const triggerMessageConfig = messageMatch;
export type TriggerMessageConfig = MessageMatch;

export const triggerMessageNode = defineNode({
  type: 'trigger.message',
  category: 'trigger',
  title: 'When a contact messages us',
  description: 'Enrols a contact whose message matches keywords or an intent, e.g. a reply of "资料" or "多少钱".',
  icon: 'message-circle',
  config: triggerMessageConfig,
  ports: ['next'],
  enrolsOn: () => ({ events: [inboundMessageEvent] }),
});
