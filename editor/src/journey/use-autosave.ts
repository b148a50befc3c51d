import type { CompileError, JourneyDefinition } from '@trellis/journey';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, type ApiClient } from '../api/client';
import type { DraftStore } from './draft-store';

export type SaveStatus = 'saved' | 'unsaved' | 'saving' | 'error';

const debounceMs = 700;
const maxRetryMs = 30_000;
const backupKey = (journeyId: string) => `trellis.draft.${journeyId}`;

/** An edit the API has not confirmed yet, kept in the browser so a reload or a failed request loses nothing. */
export function unsavedDraft(journeyId: string): JourneyDefinition | undefined {
  const stored = localStorage.getItem(backupKey(journeyId));
  if (!stored) return undefined;
  try {
    return (JSON.parse(stored) as { definition: JourneyDefinition }).definition;
  } catch {
    localStorage.removeItem(backupKey(journeyId));
    return undefined;
  }
}

/**
 * Saves the draft a moment after each edit, and asks the API to validate what it saved. A failed
 * save keeps the edit in localStorage and retries with backoff (a 4xx waits for the next edit or
 * a manual retry, since sending it again would fail again).
 */
export function useAutosave(api: ApiClient, journeyId: string, store: DraftStore, initiallySaved: JourneyDefinition, enabled: boolean) {
  const [status, setStatus] = useState<SaveStatus>('saved');
  const [error, setError] = useState<string>();
  const [serverErrors, setServerErrors] = useState<CompileError[]>([]);
  const saved = useRef<JourneyDefinition>(initiallySaved);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const failures = useRef(0);
  const inFlight = useRef(false);

  const validate = useCallback(async () => {
    const result = await api.post<{ ok: boolean; errors: CompileError[] }>(`${api.journeyPath(journeyId)}/validate`).catch(() => undefined);
    // The same list keeps its identity, so an unchanged answer does not redraw the canvas.
    if (result) setServerErrors((current) => (JSON.stringify(current) === JSON.stringify(result.errors) ? current : result.errors));
  }, [api, journeyId]);

  const save = useCallback(async () => {
    if (inFlight.current) return;
    const definition = store.getState().definition;
    if (definition === saved.current) return;
    inFlight.current = true;
    setStatus('saving');
    try {
      await api.put(api.journeyPath(journeyId), definition);
      saved.current = definition;
      failures.current = 0;
      setError(undefined);
      if (store.getState().definition === definition) {
        localStorage.removeItem(backupKey(journeyId));
        setStatus('saved');
      } else {
        setStatus('unsaved');
      }
      void validate();
    } catch (reason) {
      setStatus('error');
      setError(reason instanceof Error ? reason.message : String(reason));
      const clientError = reason instanceof ApiError && reason.status >= 400 && reason.status < 500 && reason.status !== 408 && reason.status !== 429;
      if (!clientError) {
        failures.current += 1;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => void save(), Math.min(maxRetryMs, 1000 * 2 ** failures.current));
      }
    } finally {
      inFlight.current = false;
    }
    if (store.getState().definition !== saved.current && failures.current === 0) {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void save(), debounceMs);
    }
  }, [api, journeyId, store, validate]);

  // The subscription reaches the latest save through a ref, so a re-render that makes a new
  // `save` does not resubscribe.
  const saveRef = useRef(save);
  saveRef.current = save;
  const validateRef = useRef(validate);
  validateRef.current = validate;

  useEffect(() => {
    if (!enabled) return;
    void validateRef.current();
    const schedule = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveRef.current(), debounceMs);
    };
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.definition === previous.definition) return;
      if (state.definition === saved.current) {
        localStorage.removeItem(backupKey(journeyId));
        setStatus('saved');
        return;
      }
      localStorage.setItem(backupKey(journeyId), JSON.stringify({ definition: state.definition, at: new Date().toISOString() }));
      setStatus((current) => (current === 'error' ? current : 'unsaved'));
      schedule();
    });
    // Subscribed again (React may re-run effects) with an edit still unsaved: its save was cancelled above.
    if (store.getState().definition !== saved.current) schedule();
    return () => {
      unsubscribe();
      clearTimeout(timer.current);
    };
  }, [enabled, store, journeyId]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (store.getState().definition !== saved.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [store]);

  /** Saves now (before publishing, or when the user presses Retry). */
  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    failures.current = 0;
    while (inFlight.current) await new Promise((resolve) => setTimeout(resolve, 50));
    await save();
    return store.getState().definition === saved.current;
  }, [save, store]);

  return { status, error, serverErrors, flush, revalidate: validate };
}
