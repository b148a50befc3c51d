import { Client, ScheduleNotFoundError } from '@temporalio/client';

/** How long a request waits on Temporal before it answers that Temporal is unreachable. */
const requestDeadlineMs = 10_000;

/** A Temporal call made while a request waits: bounded, so an outage fails the request in seconds. */
export function bounded<T>(temporal: Client, call: () => Promise<T>): Promise<T> {
  return temporal.withDeadline(Date.now() + requestDeadlineMs, call);
}

/** Deletes the schedule; one that is not there is already what was asked for. */
export async function deleteSchedule(temporal: Client, scheduleId: string): Promise<void> {
  try {
    await bounded(temporal, () => temporal.schedule.getHandle(scheduleId).delete());
  } catch (error) {
    if (!(error instanceof ScheduleNotFoundError)) throw error;
  }
}
