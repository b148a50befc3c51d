import { proxyActivities } from '@temporalio/workflow';
import type { SegmentSweepActivities, SegmentSweepInput, SweepResult } from '../segment-sweep-ref';

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
