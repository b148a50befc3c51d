import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Rule } from '@trellis/journey';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { useFormat } from '../../ui/format';
import { ContactsSample } from './ContactsSample';
import type { SegmentPreviewResult } from './segment-types';

const sampleSize = 10;

/** How many contacts the rule matches right now, and a few of them, before it is saved. */
export function SegmentPreview({ currentRule }: { currentRule: () => Rule | undefined }) {
  const { t } = useTranslation('segments');
  const { api } = useSession();
  const format = useFormat();
  const [state, setState] = useState<{ busy: boolean; result?: SegmentPreviewResult; error?: unknown }>({ busy: false });

  const preview = async () => {
    const rule = currentRule();
    if (!rule) return;
    setState((previous) => ({ ...previous, busy: true, error: undefined }));
    try {
      setState({ busy: false, result: await api.post<SegmentPreviewResult>('/v1/segments/preview', { rule, sample: sampleSize }) });
    } catch (error) {
      setState({ busy: false, error });
    }
  };

  return (
    <section className="ws-preview" aria-labelledby="segment-preview-title">
      <div className="ws-card__head">
        <h3 id="segment-preview-title">{t('preview.title')}</h3>
        <button type="button" className="ws-button" onClick={() => void preview()} disabled={state.busy}>
          {state.busy ? t('preview.running') : t('preview.run')}
        </button>
      </div>
      {state.error !== undefined && <ApiErrorAlert error={state.error} />}
      <div aria-live="polite">
        {state.result && (
          <>
            <p className="ws-preview__count">
              <strong>{t('preview.count', { count: state.result.count, formatted: format.number(state.result.count) })}</strong>{' '}
              <span className="ws-hint">{t('preview.at', { at: format.dateTimeSeconds(state.result.at) })}</span>
            </p>
            {state.result.sample.length > 0 && <ContactsSample rows={state.result.sample.map((contact) => ({ contact }))} caption={t('preview.sample')} />}
          </>
        )}
      </div>
    </section>
  );
}
