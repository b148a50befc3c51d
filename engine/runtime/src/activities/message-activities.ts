import type { messageSender, Queued } from '../messages/message-sender';

/** What `queuedSendWorkflow` asks of the send path. */
export function messageActivities(sender: ReturnType<typeof messageSender>) {
  return {
    async settleSend(input: { workspaceId: string; sendId: string; last: boolean; kind?: Queued }): Promise<string> {
      return sender.settle(input.workspaceId, input.sendId, input.last, input.kind);
    },
  };
}

export type MessageActivities = ReturnType<typeof messageActivities>;
