import { Inject, Injectable } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning } from '@temporalio/client';
import { segmentSweepScheduleId, SegmentSweepInput, segmentSweepWorkflowType } from '@trellis/runtime';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { ApiActivityWorker } from '../temporal/activity-worker';
import { bounded, deleteSchedule } from '../temporal/bounded';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

/** Each segment's sweep as a Temporal Schedule: made with the segment, changed with it, gone with it. */
@Injectable()
export class SegmentSchedules {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly worker: ApiActivityWorker,
  ) {}

  /** Creates the schedule (or leaves the one there), taking its first pass at once. */
  async ensure(workspaceId: string, segment: string, everyMinutes: number): Promise<void> {
    const input: SegmentSweepInput = { workspaceId, segment, activityQueue: this.worker.taskQueue };
    const scheduleId = segmentSweepScheduleId(workspaceId, segment);
    try {
      await bounded(this.temporal, () =>
        this.temporal.schedule.create({
          scheduleId,
          spec: { intervals: [{ every: `${everyMinutes}m` }] },
          action: { type: 'startWorkflow', workflowType: segmentSweepWorkflowType, workflowId: scheduleId, taskQueue: this.config.TEMPORAL_TASK_QUEUE, args: [input] },
          // A pass still running when the next is due: skip that one; one missed during an outage is made up once.
          policies: { overlap: 'SKIP', catchupWindow: '1 hour' },
          state: { triggerImmediately: true, note: `Sweep of segment "${segment}" every ${everyMinutes} min` },
        }),
      );
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    }
  }

  async reschedule(workspaceId: string, segment: string, everyMinutes: number): Promise<void> {
    await bounded(this.temporal, () =>
      this.temporal.schedule.getHandle(segmentSweepScheduleId(workspaceId, segment)).update((previous) => ({ ...previous, spec: { intervals: [{ every: `${everyMinutes}m` }] } })),
    );
  }

  /** A pass now; one already running finishes first, then this one runs. */
  async sweepNow(workspaceId: string, segment: string): Promise<void> {
    await bounded(this.temporal, () => this.temporal.schedule.getHandle(segmentSweepScheduleId(workspaceId, segment)).trigger('BUFFER_ONE'));
  }

  remove(workspaceId: string, segment: string): Promise<void> {
    return deleteSchedule(this.temporal, segmentSweepScheduleId(workspaceId, segment));
  }
}
