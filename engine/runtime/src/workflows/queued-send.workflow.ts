import { proxyActivities, sleep } from '@temporalio/workflow';
import type { MessageActivities } from '../activities/message-activities';
import type { Queued } from '../messages/message-sender';

const { settleSend } = proxyActivities<MessageActivities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '10 minutes' } });

/** When to look again at a queued message, after it was queued: soon, then less often, for three days. */
const looksAfterMs = [10 * 60_000, 3_600_000, 6 * 3_600_000, 86_400_000, 2 * 86_400_000, 3 * 86_400_000];

/**
 * A message a person still has to send (a WeCom task its staff member confirms in their app; a
 * group or Moments post, `kind: "post"`), looked at again on durable timers until the channel
 * says it went out or failed; still waiting after three days, it is recorded as
 * `failed: not_confirmed`.
 */
export async function queuedSendWorkflow(input: { workspaceId: string; sendId: string; kind?: Queued }): Promise<string> {
  const queuedAt = Date.now();
  let state = 'queued';
  for (const [index, afterMs] of looksAfterMs.entries()) {
    await sleep(Math.max(0, queuedAt + afterMs - Date.now()));
    state = await settleSend({ ...input, last: index === looksAfterMs.length - 1 });
    if (state !== 'queued') break;
  }
  return state;
}
