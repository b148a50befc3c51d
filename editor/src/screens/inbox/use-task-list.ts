import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';
import { listTasks, type Task, type TaskFilters } from './tasks-api';

/** The tasks the filters select, read again when they change or on `reload`; a failed read keeps the last list. */
export function useTaskList(api: ApiClient, filters: TaskFilters) {
  const [tasks, setTasks] = useState<Task[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    listTasks(api, filters).then(
      (found) => {
        if (!current) return;
        setTasks(found.tasks);
        setTruncated(found.truncated);
      },
      (failure: unknown) => current && setError(failure),
    ).finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [api, filters, generation]);

  /** A task changed in the detail pane shows its new state here too, without a round trip. */
  const replace = useCallback((task: Task) => setTasks((listed) => listed.map((each) => (each.id === task.id ? task : each))), []);

  return { tasks, truncated, loading, error, reload: () => setGeneration((count) => count + 1), replace };
}
