import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { useSession } from '../../session/session';
import { ConfirmDelete } from '../../ui/ConfirmDelete';
import { LoadState } from '../../ui/LoadState';
import { PageHead } from '../../ui/PageHead';
import { useAction } from '../../ui/use-action';
import { useLoad } from '../../ui/use-load';
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
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleting = useAction();
  const writable = can('messages:write');
  const data = template.data;

  return (
    <div className="ws-page">
      <PageHead
        title={data?.name ?? templateKey}
        sub={
          <>
            <code>{templateKey}</code>
            {data && <> · {t('detail.version', { version: data.version })}</>}
          </>
        }
        back={{ href: '/', label: t('detail.back') }}
      >
        {data && writable && !confirmDelete && (
          <button type="button" className="ws-button ws-button--danger" onClick={() => setConfirmDelete(true)}>
            {t('common:delete')}
          </button>
        )}
      </PageHead>
      {confirmDelete && (
        <ConfirmDelete
          question={t('detail.deleteQuestion', { key: templateKey })}
          confirmLabel={t('detail.deleteConfirm')}
          deleting={deleting}
          onConfirm={() => void deleting.run(() => api.delete(templatePath(templateKey)), () => navigate('/'))}
          onCancel={() => setConfirmDelete(false)}
        />
      )}
      <LoadState of={template} />
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
