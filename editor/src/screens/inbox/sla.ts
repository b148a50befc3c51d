import type { Task } from './tasks-api';

/** Where one service-level promise stands at `nowMs`. */
export type PromiseState =
  | { state: 'met'; at: string; late: boolean }
  | { state: 'pending'; due: string; msLeft: number }
  | { state: 'overdue'; due: string; msLate: number }
  /** Resolved before this promise was kept: nothing is owed any more. */
  | { state: 'void' };

export function promiseState(due: string, keptAt: string | null, resolvedAt: string | null, nowMs: number): PromiseState {
  const dueMs = Date.parse(due);
  if (keptAt) return { state: 'met', at: keptAt, late: Date.parse(keptAt) > dueMs };
  if (resolvedAt) return { state: 'void' };
  return dueMs >= nowMs ? { state: 'pending', due, msLeft: dueMs - nowMs } : { state: 'overdue', due, msLate: nowMs - dueMs };
}

export interface TaskSla {
  firstResponse: PromiseState;
  resolution: PromiseState;
}

/** Both promises: a first response (kept by the first reply, or by resolving), and the resolution. */
export function slaOf(task: Pick<Task, 'due' | 'firstResponseAt' | 'resolvedAt'>, nowMs: number): TaskSla {
  return {
    firstResponse: promiseState(task.due.firstResponseBy, task.firstResponseAt, task.resolvedAt, nowMs),
    resolution: promiseState(task.due.resolveBy, task.resolvedAt, null, nowMs),
  };
}

/** The promise to show in the list: the first still owed, the overdue one first. */
export function nextPromise(sla: TaskSla): { which: keyof TaskSla; state: Extract<PromiseState, { state: 'pending' | 'overdue' }> } | null {
  for (const which of ['firstResponse', 'resolution'] as const) {
    const state = sla[which];
    if (state.state === 'overdue') return { which, state };
  }
  for (const which of ['firstResponse', 'resolution'] as const) {
    const state = sla[which];
    if (state.state === 'pending') return { which, state };
  }
  return null;
}
