import { ReactFlowProvider } from '@xyflow/react';
import type { JourneyDefinition } from '@trellis/journey';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyDetail } from '../api/client';
import { useSession } from '../session/session';
import { ApiErrorAlert } from '../ui/ApiErrorAlert';
import { JourneyEditor } from './JourneyEditor';
import { unsavedDraft } from './use-autosave';
import { useCatalogue } from './use-catalogue';

/** Loads the journey and the catalogue, then hands both to the editor. */
export function JourneyEditorScreen({ journeyId }: { journeyId: string }) {
  const { t } = useTranslation('journey');
  const { api } = useSession();
  const { catalogue, error: catalogueError } = useCatalogue(api);
  const [journey, setJourney] = useState<JourneyDetail>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  // Read once: the editor saves it and clears it, and must not restore it again on a later render.
  const [restored] = useState<JourneyDefinition | undefined>(() => unsavedDraft(journeyId));

  useEffect(() => {
    let live = true;
    api.getJourney(journeyId).then(
      (loaded) => live && setJourney(loaded),
      (reason: unknown) => live && setError(reason),
    );
    return () => {
      live = false;
    };
  }, [api, journeyId, attempt]);

  const problem = error ?? catalogueError;
  if (problem !== undefined) {
    return (
      <div className="page">
        <ApiErrorAlert
          error={problem}
          onRetry={() => {
            setError(undefined);
            setAttempt((n) => n + 1);
          }}
        />
      </div>
    );
  }
  if (!journey || !catalogue) return <p className="muted page">{t('common:loading')}</p>;
  return (
    <ReactFlowProvider>
      <JourneyEditor journey={journey} catalogue={catalogue} restored={restored} />
    </ReactFlowProvider>
  );
}
