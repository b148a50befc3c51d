import { Inject, Injectable } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleSpec } from '@temporalio/client';
import { firingClock, nextFireTime, plainCron, Schedule, TriggerScheduleConfig } from '@trellis/journey';
import { broadcastScheduleId, BroadcastInput, broadcastWorkflowType } from '@trellis/runtime';
import { problems } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { ApiActivityWorker } from '../temporal/activity-worker';
import { bounded, deleteSchedule } from '../temporal/bounded';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';

/** Firings compared with Temporal's reading of the schedule before it is trusted. */
const firingsCompared = 3;

/** The Temporal Schedule for the schedule's firings (per-contact time fires at the earliest zone's clock). */
function specOf(schedule: Schedule): ScheduleSpec {
  if (schedule.kind === 'once') {
    const at = new Date(schedule.at);
    // One calendar instant, read in UTC; the spec's end stops it from matching again a year on.
    return {
      calendars: [{ year: at.getUTCFullYear(), month: monthNames[at.getUTCMonth()]!, dayOfMonth: at.getUTCDate(), hour: at.getUTCHours(), minute: at.getUTCMinutes(), second: at.getUTCSeconds() }],
      timezone: 'UTC',
      endAt: new Date(at.getTime() + 60_000),
    };
  }
  const clock = firingClock(schedule);
  return {
    cronExpressions: [clock.kind === 'cron' ? plainCron(clock.cron) : ''],
    timezone: clock.kind === 'cron' ? clock.timezone : 'UTC',
    ...(schedule.startAt ? { startAt: new Date(schedule.startAt) } : {}),
    ...(schedule.endAt ? { endAt: new Date(schedule.endAt) } : {}),
  };
}

type PublishedTrigger = { type: string; config: unknown };

const monthNames = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'] as const;

/**
 * A scheduled journey's Temporal Schedule: set when a version with `trigger.schedule` is
 * published, paused and resumed with the journey, gone when it is archived or republished with
 * another trigger. Each firing starts a `broadcastWorkflow`.
 */
@Injectable()
export class BroadcastSchedules {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly worker: ApiActivityWorker,
  ) {}

  /**
   * Makes the journey's schedule match its published trigger and status (idempotent). `before` is
   * the trigger published until now: a journey that never broadcast has no schedule to remove, and
   * Temporal is not asked.
   */
  async sync(workspaceId: string, journeyId: string, trigger: PublishedTrigger | undefined, status: string, before: PublishedTrigger | undefined = trigger): Promise<void> {
    if (trigger?.type !== 'trigger.schedule' || status === 'archived' || status === 'draft') {
      if (before?.type === 'trigger.schedule') await this.remove(workspaceId, journeyId);
      return;
    }
    const { schedule } = trigger.config as TriggerScheduleConfig;
    const scheduleId = broadcastScheduleId(workspaceId, journeyId);
    const input: BroadcastInput = { workspaceId, journeyId, activityQueue: this.worker.taskQueue };
    const spec = specOf(schedule);
    const paused = status === 'paused';
    try {
      await bounded(this.temporal, async () => {
        try {
          await this.temporal.schedule.create({
            scheduleId,
            spec,
            action: { type: 'startWorkflow', workflowType: broadcastWorkflowType, workflowId: scheduleId, taskQueue: this.config.TEMPORAL_TASK_QUEUE, args: [input] },
            // Firings are independent (a per-contact-time one runs up to 26 hours, past the next
            // daily firing); one missed in an outage is made up only if still within the hour.
            policies: { overlap: 'ALLOW_ALL', catchupWindow: '1 hour' },
            state: { paused, note: `Broadcast of journey ${journeyId}` },
          });
        } catch (error) {
          if (!(error instanceof ScheduleAlreadyRunning)) throw error;
          await this.temporal.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, state: { ...previous.state, paused } }));
        }
      });
    } catch (error) {
      if (isUnavailable(error)) throw problems.unavailable('The journey is saved, but its schedule could not be set right now (Temporal is unreachable); send the request again.');
      throw problems.unprocessable(`The scheduler refused the journey's schedule: ${(error as Error).message}`, []);
    }
    await this.checkAgreement(scheduleId, schedule);
  }

  /** A firing now, outside the schedule (a test send, or a broadcast run by hand). */
  async fireNow(workspaceId: string, journeyId: string): Promise<void> {
    try {
      await bounded(this.temporal, () => this.temporal.schedule.getHandle(broadcastScheduleId(workspaceId, journeyId)).trigger('ALLOW_ALL'));
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) throw problems.conflict(`Journey ${journeyId} has no broadcast schedule: publish a version that starts with trigger.schedule.`);
      throw error;
    }
  }

  /**
   * Temporal reads cron syntax itself; a schedule whose next firings it reads differently from the
   * journey's own (an `L` or `#` field it has no notion of) is removed and refused, not run wrongly.
   */
  private async checkAgreement(scheduleId: string, schedule: Schedule): Promise<void> {
    const description = await bounded(this.temporal, () => this.temporal.schedule.getHandle(scheduleId).describe());
    const theirs = description.info.nextActionTimes.slice(0, firingsCompared).map((at) => at.getTime());
    const ours: number[] = [];
    for (let after = Date.now(); ours.length < theirs.length; ) {
      const next = nextFireTime(firingClock(schedule), after);
      if (next === undefined) break;
      ours.push(next);
      after = next;
    }
    if (theirs.length && theirs.join() !== ours.join()) {
      await bounded(this.temporal, () => this.temporal.schedule.getHandle(scheduleId).delete());
      throw problems.unprocessable(
        `The scheduler reads this schedule differently (next firings ${theirs.map((at) => new Date(at).toISOString()).join(', ')} instead of ${ours.map((at) => new Date(at).toISOString()).join(', ')}); write the cron without L, # or W fields.`,
        [],
      );
    }
  }

  async remove(workspaceId: string, journeyId: string): Promise<void> {
    try {
      await deleteSchedule(this.temporal, broadcastScheduleId(workspaceId, journeyId));
    } catch (error) {
      if (isUnavailable(error)) throw problems.unavailable('The journey is saved, but its schedule could not be removed right now (Temporal is unreachable); send the request again.');
      throw error;
    }
  }
}

function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: number } | undefined)?.code;
  // gRPC UNAVAILABLE and DEADLINE_EXCEEDED.
  return code === 14 || code === 4;
}
