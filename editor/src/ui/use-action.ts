import { useCallback, useState } from 'react';

export interface Action {
  busy: boolean;
  /** Why the last run failed, kept for an alert until the next run or `dismiss`. */
  error?: unknown;
  /** Runs `request`, then `done` with its result; resolves whether it went through. */
  run<T>(request: () => Promise<T>, done?: (result: T) => void): Promise<boolean>;
  dismiss(): void;
}

/** One request the user starts (save, delete, start an import), so its button can wait and its failure be told. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async <T,>(request: () => Promise<T>, done?: (result: T) => void) => {
    setBusy(true);
    setError(undefined);
    try {
      done?.(await request());
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const dismiss = useCallback(() => setError(undefined), []);
  return { busy, error, run, dismiss };
}
