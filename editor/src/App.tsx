import type { NodeDescriptor } from '@trellis/journey';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { forgetApiKey, saveApiKey, storedApiKey } from './api/api-key';
import { ApiError, createApiClient, type JourneyDetail, type JourneySummary } from './api/client';
import { ConnectForm } from './components/ConnectForm';
import { JourneyCanvas } from './components/JourneyCanvas';
import { JourneyList } from './components/JourneyList';

export function App() {
  const [apiKey, setApiKey] = useState(storedApiKey);
  const [error, setError] = useState<string>();
  const [journeys, setJourneys] = useState<JourneySummary[]>([]);
  const [catalogue, setCatalogue] = useState<NodeDescriptor[]>([]);
  const [selected, setSelected] = useState<JourneyDetail>();
  const api = useMemo(() => (apiKey ? createApiClient(apiKey) : undefined), [apiKey]);

  const fail = useCallback((reason: unknown) => {
    if (reason instanceof ApiError && reason.status === 401) {
      forgetApiKey();
      setApiKey(null);
    }
    setError(reason instanceof Error ? reason.message : String(reason));
  }, []);

  useEffect(() => {
    if (!api) return;
    Promise.all([api.listJourneys(), api.listNodeTypes()])
      .then(([list, nodes]) => {
        setError(undefined);
        setJourneys(list);
        setCatalogue(nodes);
        if (list[0]) return api.getJourney(list[0].id).then(setSelected);
      })
      .catch(fail);
  }, [api, fail]);

  const select = (id: string) => api?.getJourney(id).then(setSelected).catch(fail);

  if (!api) {
    return <ConnectForm error={error} onConnect={(key) => { saveApiKey(key); setApiKey(key); }} />;
  }
  return (
    <div className="layout">
      <aside className="sidebar">
        <h1>Trellis</h1>
        <h2>Journeys</h2>
        <JourneyList journeys={journeys} selectedId={selected?.id} onSelect={select} />
        {error && <p className="error" role="alert">{error}</p>}
      </aside>
      <main className="canvas" aria-label="Journey canvas">
        {selected ? (
          <>
            <header className="canvas__header">
              <strong>{selected.name}</strong>
              <span className="muted">{selected.draft.nodes.length} nodes</span>
            </header>
            <JourneyCanvas definition={selected.draft} catalogue={catalogue} />
          </>
        ) : (
          <p className="muted canvas__empty">Select a journey to see its graph.</p>
        )}
      </main>
    </div>
  );
}
