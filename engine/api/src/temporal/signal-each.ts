import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { SignalDefinition } from '@temporalio/common';

/**
 * Signals each workflow, bounded in time so a Temporal outage fails the request in seconds.
 * Returns the ones that took the signal: a workflow that finished meanwhile has nothing to hear.
 */
export async function signalEach<Arg>(temporal: Client, workflowIds: readonly string[], signal: SignalDefinition<[Arg]>, arg: Arg): Promise<string[]> {
  const signalled: string[] = [];
  for (const workflowId of workflowIds) {
    try {
      await temporal.withDeadline(Date.now() + 10_000, () => temporal.workflow.getHandle(workflowId).signal(signal, arg));
      signalled.push(workflowId);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
  }
  return signalled;
}
