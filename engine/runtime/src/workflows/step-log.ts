import { proxyLocalActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { JourneyActivities, StepRecord } from '../activities/create-activities';
import { searchAttributeKeys } from '../enrollment-ref';
import type { JourneyStatus } from '../store/journey.schema';

const { recordStep, recordSteps } = proxyLocalActivities<JourneyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumInterval: '30 seconds' },
});

type Step = Omit<StepRecord, 'at'>;

/**
 * The enrolment's step log, as the workflow writes it. Steps are kept until the contact is about
 * to stay somewhere (a wait, an action) or leave, then written in one local activity, which also
 * makes that node the current one (in `enrollments` and the `TrellisNodeId` search attribute).
 * Runs recorded before the `batched-steps` patch wrote each step on its own, as they happened.
 * A run that counts stats (`counting`) numbers its steps and names its journey version, so each
 * batch's counts reach the journey's stats exactly once.
 */
export class StepLog {
  private readonly pending: StepRecord[] = [];
  private shownAt: string | undefined;

  constructor(
    private readonly ref: { workspaceId: string; journeyId: string; workflowId: string },
    private readonly batched: boolean,
    private readonly counting?: { version: number; nextSeq: number },
  ) {}

  /** The number the next step gets, for a run that continues as new. */
  get nextSeq(): number | undefined {
    return this.counting?.nextSeq;
  }

  /** What identifies a batch for the stats: the journey version, for runs that count. */
  get version(): { version: number } | Record<string, never> {
    return this.counting ? { version: this.counting.version } : {};
  }

  /** `holds`: a node the contact may stay at (only runs before the patch use it here). */
  async add(step: Step, holds = false): Promise<void> {
    if (this.batched) {
      this.pending.push({ ...step, ...(this.counting ? { seq: this.counting.nextSeq++ } : {}), at: Date.now() });
      return;
    }
    if (step.kind === 'entered') upsertSearchAttributes([{ key: searchAttributeKeys.nodeId, value: step.nodeId }]);
    await recordStep({ ...this.ref, ...step, holds });
  }

  /**
   * Writes what is pending, now that the contact stays at `holdingAt`; with `readStatus`, also
   * reads the journey's status (see `HeldAction`).
   */
  async flush(holdingAt: string, readStatus = false): Promise<{ lifecycle?: JourneyStatus } | undefined> {
    if (!this.batched || (!readStatus && !this.pending.length && holdingAt === this.shownAt)) return undefined;
    if (holdingAt !== this.shownAt) {
      upsertSearchAttributes([{ key: searchAttributeKeys.nodeId, value: holdingAt }]);
      this.shownAt = holdingAt;
    }
    return recordSteps({ ...this.ref, ...this.version, steps: this.pending.splice(0), holdingAt, ...(readStatus ? { readStatus } : {}) });
  }

  /** What is pending, for the activity that closes the enrolment to write. */
  take(): StepRecord[] {
    return this.pending.splice(0);
  }
}
