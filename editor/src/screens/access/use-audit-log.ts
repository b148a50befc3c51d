import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';

/** One entry of `GET /v1/audit`. */
export interface AuditEvent {
  id: string;
  at: string;
  actor: { kind: 'operator' | 'apiKey' | 'installation'; id: string; name: string };
  action: string;
  target: { type: string; id: string };
  details?: Record<string, unknown>;
}

interface AuditPage {
  events: AuditEvent[];
  next: string | null;
}

const pageSize = 50;

/**
 * The audit log, newest first, a page at a time: `loadOlder` appends the next page. A failed page
 * leaves what was loaded in place and can be asked for again.
 */
export function useAuditLog(api: ApiClient) {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (before: string | undefined) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api.get<AuditPage>('/v1/audit', { limit: pageSize, before });
        setEvents((loaded) => (before ? [...loaded, ...page.events] : page.events));
        setNext(page.next);
      } catch (failure) {
        setError(failure);
      } finally {
        setLoading(false);
      }
    },
    [api],
  );

  useEffect(() => {
    void load(undefined);
  }, [load]);

  return {
    events,
    loading,
    error,
    hasOlder: next !== null,
    loadOlder: () => void load(next ?? undefined),
    reload: () => void load(undefined),
  };
}
