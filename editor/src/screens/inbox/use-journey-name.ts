import { useEffect, useState } from 'react';
import type { ApiClient } from '../../api/client';

/** The name of the journey that opened a task, when the user may read journeys; its id otherwise. */
export function useJourneyName(api: ApiClient, journeyId: string | null, canRead: boolean): string | undefined {
  const [name, setName] = useState<{ id: string; name: string }>();
  useEffect(() => {
    if (!journeyId || !canRead) return;
    let current = true;
    api.getJourney(journeyId).then(
      (journey) => current && setName({ id: journeyId, name: journey.name }),
      // An archived or deleted journey still leaves its id to show.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, journeyId, canRead]);
  return name?.id === journeyId ? name.name : undefined;
}
