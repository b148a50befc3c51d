import { useState } from 'react';
import { ApiError } from '../../api/client';
import type { Task } from './tasks-api';

/**
 * Runs one change to a task: busy while it runs, the error kept for an alert. A conflict means
 * someone else changed the task meanwhile, so the task is read again (`onStale`) while the form
 * keeps what the user typed. Resolves true when the change went through.
 */
export function useTaskAction(onChanged: (task: Task) => void, onStale: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function run(change: () => Promise<Task>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      onChanged(await change());
      return true;
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.status === 409) onStale();
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, run, dismiss: () => setError(null) };
}
