import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { SignalDefinition } from '@temporalio/common';
import { eachInLanes } from '../common/each-in-lanes';
import { bounded } from './bounded';

/** Signals in flight at once: an archive reaches thousands of contacts in seconds, not minutes. */
const concurrency = 32;

/**
 * Signals each workflow, bounded in time so a Temporal outage fails the request in seconds.
 * Returns the ones that took the signal, in the given order: a workflow that finished meanwhile
 * has nothing to hear.
 */
export async function signalEach<Arg>(temporal: Client, workflowIds: readonly string[], signal: SignalDefinition<[Arg]>, arg: Arg): Promise<string[]> {
  const took = new Array<boolean>(workflowIds.length).fill(false);
  await eachInLanes(workflowIds, concurrency, async (workflowId, index) => {
    try {
      await bounded(temporal, () => temporal.workflow.getHandle(workflowId).signal(signal, arg));
      took[index] = true;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  });
  return workflowIds.filter((_, index) => took[index]);
}
