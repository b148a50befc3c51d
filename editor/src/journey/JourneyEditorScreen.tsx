import { ReactFlowProvider } from '@xyflow/react';
import type { JourneyDefinition } from '@trellis/journey';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JourneyDetail } from '../api/client';
import { useSession } from '../session/session';
import { ApiErrorAlert } from '../ui/ApiErrorAlert';
import { useLoad } from '../ui/use-load';
import { JourneyEditor } from './JourneyEditor';
import { unsavedDraft } from './use-autosave';
import { useCatalogue } from './use-catalogue';

/** Loads the journey and the catalogue, then hands both to the editor. */
export function JourneyEditorScreen({ journeyId }: { journeyId: string }) {
  const { t } = useTranslation('journey');
  const { api } = useSession();
  const { catalogue, error: catalogueError } = useCatalogue(api);
  const journey = useLoad((signal) => api.request<JourneyDetail>('GET', api.journeyPath(journeyId), { signal }), [api, journeyId]);
  // Read once: the editor saves it and clears it, and must not restore it again on a later render.
  const [restored] = useState<JourneyDefinition | undefined>(() => unsavedDraft(journeyId));

  const problem = journey.error ?? catalogueError;
  if (problem !== undefined) {
    return (
      <div className="page">
        <ApiErrorAlert error={problem} onRetry={journey.reload} />
      </div>
    );
  }
  if (!journey.data || !catalogue) return <p className="muted page">{t('common:loading')}</p>;
  return (
    <ReactFlowProvider>
      <JourneyEditor journey={journey.data} catalogue={catalogue} restored={restored} />
    </ReactFlowProvider>
  );
}
