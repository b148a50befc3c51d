import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { channels, messageCategories, type BodyKind } from '@trellis/journey';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { RenderedMessage } from './RenderedMessage';
import { templatePath, type MessageTemplate, type TemplatePreviewResult } from './template-types';

/** The saved template rendered for a real contact: what they would get on each channel now. */
export function TemplatePreview({ template }: { template: MessageTemplate }) {
  const { t } = useTranslation('messageTemplates');
  const { api } = useSession();
  const [userId, setUserId] = useState('');
  const [channel, setChannel] = useState('');
  const [category, setCategory] = useState('content');
  const [state, setState] = useState<{ busy: boolean; result?: TemplatePreviewResult; error?: unknown }>({ busy: false });

  const run = async (event: FormEvent) => {
    event.preventDefault();
    if (!userId.trim()) return;
    setState((previous) => ({ ...previous, busy: true, error: undefined }));
    try {
      const result = await api.post<TemplatePreviewResult>(`${templatePath(template.key)}/preview`, { userId: userId.trim(), category, ...(channel ? { channel } : {}) });
      setState({ busy: false, result });
    } catch (error) {
      setState({ busy: false, error });
    }
  };

  return (
    <section className="ws-card" aria-labelledby="template-preview">
      <h2 id="template-preview">{t('preview.title')}</h2>
      <p className="ws-hint">{t('preview.intro', { version: template.version })}</p>
      <form className="ws-form" onSubmit={(event) => void run(event)}>
        <div className="ws-form-row">
          <label className="ws-field">
            <span className="ws-field__label">{t('preview.userId')}</span>
            <input value={userId} onChange={(event) => setUserId(event.target.value)} required />
          </label>
          <label className="ws-field">
            <span className="ws-field__label">{t('preview.channel')}</span>
            <select value={channel} onChange={(event) => setChannel(event.target.value)}>
              <option value="">{t('preview.allChannels')}</option>
              {channels.map((name) => (
                <option key={name} value={name}>
                  {t(`sendChannels.${name}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="ws-field">
            <span className="ws-field__label">{t('preview.category')}</span>
            <select value={category} onChange={(event) => setCategory(event.target.value)}>
              {messageCategories.map((name) => (
                <option key={name} value={name}>
                  {t(`categories.${name}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="ws-actions">
          <button type="submit" className="ws-button" disabled={state.busy || !userId.trim()}>
            {state.busy ? t('preview.running') : t('preview.run')}
          </button>
        </div>
      </form>
      {state.error !== undefined && <ApiErrorAlert error={state.error} />}
      <div aria-live="polite" className="ws-rendered-list">
        {state.result &&
          (Object.entries(state.result.rendered) as [BodyKind, NonNullable<TemplatePreviewResult['rendered'][BodyKind]>][]).map(([kind, rendered]) => <RenderedMessage key={kind} kind={kind} rendered={rendered} />)}
      </div>
    </section>
  );
}
