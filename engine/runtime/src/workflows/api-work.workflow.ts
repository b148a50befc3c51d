import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { continueAsNew, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import type { BroadcastActivities, BroadcastInput, BroadcastProgress, BroadcastTotals, ContactImportActivities, ContactImportInput, SegmentSweepActivities, SegmentSweepInput, SweepResult } from '../api-work-ref';

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

/** Set by Temporal on workflows a Schedule starts: the firing's nominal time, however late it ran. */
const scheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);
/** Batches per run before continuing as new: keeps a million-contact broadcast's history small. */
const batchesPerRun = 500;

/**
 * One firing of a scheduled journey: the audience frozen in chunks when it fires, then each wave
 * (per-contact-time schedules reach each zone at its own clock) enrolled chunk by chunk at its
 * time. Progress lives in this workflow's history, so a crash resumes at the chunk in flight, and
 * enrolling is idempotent per firing, so that chunk never enrols anyone twice.
 */
export async function broadcastWorkflow(input: BroadcastInput, resume?: BroadcastProgress): Promise<BroadcastTotals> {
  const { planBroadcast, enrolBroadcastChunk, finishBroadcast } = proxyActivities<BroadcastActivities>({
    taskQueue: input.activityQueue,
    startToCloseTimeout: '10 minutes',
    heartbeatTimeout: '1 minute',
    retry: { initialInterval: '5 seconds', maximumInterval: '1 minute' },
  });
  const firingAt = workflowInfo().typedSearchAttributes.get(scheduledStartTime)?.getTime() ?? workflowInfo().startTime.getTime();
  const plan = resume?.plan ?? (await planBroadcast({ ...input, firingAt }));
  if (!plan) return { enrolled: 0, skipped: 0 };
  const totals = resume?.totals ?? { enrolled: 0, skipped: 0 };
  let batches = 0;
  for (let wave = resume?.wave ?? 0; wave < plan.waves.length; wave++) {
    const { at, chunks } = plan.waves[wave]!;
    if (at > Date.now()) await sleep(at - Date.now());
    for (let chunk = wave === resume?.wave ? resume.chunk : 0; chunk < chunks; chunk++) {
      if (batches++ === batchesPerRun) await continueAsNew<typeof broadcastWorkflow>(input, { plan, wave, chunk, totals });
      const result = await enrolBroadcastChunk({ ...input, broadcastId: plan.broadcastId, waveAt: at, chunk, totals });
      totals.enrolled += result.enrolled;
      totals.skipped += result.skipped;
      if (result.stopped) {
        await finishBroadcast({ ...input, broadcastId: plan.broadcastId, totals, stopped: result.stopped });
        return totals;
      }
    }
  }
  await finishBroadcast({ ...input, broadcastId: plan.broadcastId, totals });
  return totals;
}
