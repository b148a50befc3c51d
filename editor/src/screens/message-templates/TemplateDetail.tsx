import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useSession } from '../../session/session';
import { ProblemAlert } from '../contacts/ProblemAlert';
import { useLoad } from '../contacts/use-load';
import { TemplateEditor, type TemplateContent } from './TemplateEditor';
import { TemplatePreview } from './TemplatePreview';
import { TemplateVersions } from './TemplateVersions';
import { templatePath, type MessageTemplate } from './template-types';

/** One template: its editor, a preview for a real contact, and its versions. */
export function TemplateDetail({ templateKey }: { templateKey: string }) {
  const { t } = useTranslation('messageTemplates');
  const { api, can } = useSession();
  const [, navigate] = useLocation();
  const template = useLoad((signal) => api.request<MessageTemplate>('GET', templatePath(templateKey), { signal }), [api, templateKey]);
  // The editor starts again from an older version when one is loaded to roll back to.
  const [editor, setEditor] = useState<{ key: number; content?: TemplateContent; loadedFrom?: number }>({ key: 0 });
  const [removal, setRemoval] = useState<{ confirm: boolean; busy: boolean; error?: unknown }>({ confirm: false, busy: false });
  const writable = can('messages:write');
  const data = template.data;

  const remove = async () => {
    setRemoval({ confirm: true, busy: true });
    try {
      await api.delete(templatePath(templateKey));
      navigate('/');
    } catch (error) {
      setRemoval({ confirm: true, busy: false, error });
    }
  };

  return (
    <div className="ws-page">
      <Link href="/" className="ws-back">
        {t('detail.back')}
      </Link>
      <header className="ws-page__head">
        <div>
          <h1>{data?.name ?? templateKey}</h1>
          <p className="ws-page__sub">
            <code>{templateKey}</code>
            {data && <> · {t('detail.version', { version: data.version })}</>}
          </p>
        </div>
        {data && writable && !removal.confirm && (
          <button type="button" className="ws-button ws-button--danger" onClick={() => setRemoval({ confirm: true, busy: false })}>
            {t('common:delete')}
          </button>
        )}
      </header>
      {removal.confirm && (
        <div className="ws-alert ws-confirm" role="alertdialog" aria-labelledby="delete-template-question">
          <p id="delete-template-question">{t('detail.deleteQuestion', { key: templateKey })}</p>
          {removal.error !== undefined && <ProblemAlert error={removal.error} />}
          <div className="ws-actions">
            <button type="button" className="ws-button ws-button--danger" onClick={() => void remove()} disabled={removal.busy} autoFocus>
              {t('detail.deleteConfirm')}
            </button>
            <button type="button" className="ws-button" onClick={() => setRemoval({ confirm: false, busy: false })}>
              {t('common:cancel')}
            </button>
          </div>
        </div>
      )}
      {template.error !== undefined && <ProblemAlert error={template.error} onRetry={template.reload} />}
      {template.loading && !data && <p className="ws-empty">{t('common:loading')}</p>}
      {data && (
        <div className="ws-template-layout">
          <div>
            {editor.loadedFrom !== undefined && (
              <p className="ws-notice" role="status">
                {t('detail.loadedVersion', { version: editor.loadedFrom })}
              </p>
            )}
            <TemplateEditor
              key={editor.key}
              template={data}
              initial={editor.content ?? data}
              onSaved={(saved) => {
                template.replace(saved);
                setEditor((previous) => ({ ...previous, loadedFrom: undefined }));
              }}
            />
          </div>
          <div>
            <TemplatePreview template={data} />
            <TemplateVersions
              templateKey={templateKey}
              current={data.version}
              onLoad={
                writable
                  ? (version) => setEditor((previous) => ({ key: previous.key + 1, content: { name: version.name, description: data.description, bodies: version.bodies }, loadedFrom: version.version }))
                  : undefined
              }
            />
          </div>
        </div>
      )}
    </div>
  );
}
