import { proxyActivities } from '@temporalio/workflow';
import type { ContactImportActivities, ContactImportInput, SegmentSweepActivities, SegmentSweepInput, SweepResult } from '../api-work-ref';

/**
 * One pass of a segment's periodic sweep: re-evaluates every contact (time-based rules, changes
 * journeys made) and sends the entry and exit events. Run by the segment's Temporal Schedule;
 * the pass is idempotent, so a retried or overlapping run changes nothing twice.
 */
export async function segmentSweepWorkflow(input: SegmentSweepInput): Promise<SweepResult> {
  const { sweepSegment } = proxyActivities<SegmentSweepActivities>({
    taskQueue: input.activityQueue,
    startToCloseTimeout: '30 minutes',
    heartbeatTimeout: '2 minutes',
    retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 10 },
  });
  return sweepSegment(input);
}

/**
 * A contact import, run to its end however the API processes come and go: the pass heartbeats
 * its progress, and a retry (another API process, after a crash) resumes after the last row it
 * reported. Rows are written idempotently, so the batch in flight at a crash is harmless.
 */
export async function contactImportWorkflow(input: ContactImportInput): Promise<{ rowsDone: number; failed: number }> {
  const { importContacts } = proxyActivities<ContactImportActivities>({
    taskQueue: input.activityQueue,
    startToCloseTimeout: '6 hours',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', maximumAttempts: 20 },
  });
  return importContacts(input);
}
