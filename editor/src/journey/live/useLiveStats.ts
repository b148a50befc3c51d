import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useSession } from '../../session/session';
import { filterQuery, type JourneyStatsResponse, type LiveFilter, type SplitExperiment } from './live-api';
import { journeyOverlay, overlayFromStats, type JourneyOverlay, type NodeOverlay } from './node-overlay';

export interface LiveStatsOptions extends LiveFilter {
  /** Off: no requests, and nothing is returned. Default true. */
  enabled?: boolean;
  /** Between the end of one read and the start of the next. Default 5000. */
  intervalMs?: number;
}

export interface LiveStats {
  /** The last answer of `GET /v1/journeys/:id/stats` for the current journey and filter. */
  stats: JourneyStatsResponse | undefined;
  /** Per node id, what its badge shows; empty until the first answer. */
  overlay: Record<string, NodeOverlay>;
  journey: JourneyOverlay | undefined;
  /** The A/B results of every split (the stats answer carries them). */
  experiments: SplitExperiment[];
  /** The last read's failure; cleared by the next success. Earlier stats stay shown. */
  error: Error | undefined;
  /** When the last successful read arrived. */
  refreshedAt: Date | undefined;
  /** Reading now (the first read, or after `refresh`). */
  loading: boolean;
  /** The page is hidden, so polling waits; it reads again as soon as the page is visible. */
  paused: boolean;
  /** Read now, and poll on from there. */
  refresh: () => void;
}

const noOverlay: Record<string, NodeOverlay> = {};
const noExperiments: SplitExperiment[] = [];

function subscribeVisibility(onChange: () => void): () => void {
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}
const pageVisible = () => document.visibilityState !== 'hidden';

interface Read {
  key: string;
  stats?: JourneyStatsResponse;
  /** The answer as text, so an unchanged answer keeps its object and nothing re-renders. */
  text?: string;
  error?: Error;
  refreshedAt?: Date;
}

/**
 * A journey's stats, polled while `enabled` and the page is visible. Each read starts after the
 * previous one ends, so a slow API is never asked twice at once; a changed journey or filter
 * starts over at once and never shows the previous filter's numbers.
 */
export function useLiveStats(journeyId: string | undefined, { enabled = true, intervalMs = 5000, version, from, to }: LiveStatsOptions = {}): LiveStats {
  const { api } = useSession();
  const visible = useSyncExternalStore(subscribeVisibility, pageVisible, () => true);
  const key = JSON.stringify([journeyId ?? null, version ?? null, from ?? null, to ?? null]);
  const [read, setRead] = useState<Read>({ key });
  const [generation, setGeneration] = useState(0);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!enabled || !journeyId || !visible) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      setLoading(true);
      try {
        const stats = await api.request<JourneyStatsResponse>('GET', `${api.journeyPath(journeyId)}/stats`, { query: filterQuery({ version, from, to }), signal: controller.signal });
        const text = JSON.stringify(stats);
        const refreshedAt = new Date();
        setRead((previous) => (previous.key === key && previous.text === text ? { ...previous, error: undefined, refreshedAt } : { key, stats, text, refreshedAt }));
      } catch (error) {
        if (controller.signal.aborted) return;
        setRead((previous) => ({ ...(previous.key === key ? previous : {}), key, error: error instanceof Error ? error : new Error(String(error)) }));
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
      if (!controller.signal.aborted) timer = setTimeout(() => void poll(), intervalMs);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api, journeyId, enabled, visible, intervalMs, version, from, to, key, generation]);

  const current = enabled && read.key === key ? read : undefined;
  const stats = current?.stats;
  const overlay = useMemo(() => (stats ? overlayFromStats(stats) : noOverlay), [stats]);
  const journey = useMemo(() => (stats ? journeyOverlay(stats) : undefined), [stats]);
  const refresh = useCallback(() => setGeneration((count) => count + 1), []);

  return {
    stats,
    overlay,
    journey,
    experiments: stats?.experiments ?? noExperiments,
    error: current?.error,
    refreshedAt: current?.refreshedAt,
    loading: enabled && loading,
    paused: enabled && !visible,
    refresh,
  };
}
