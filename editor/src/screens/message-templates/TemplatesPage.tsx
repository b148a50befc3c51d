import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { useSession } from '../../session/session';
import { Chips } from '../../ui/Chips';
import { useFormat } from '../../ui/format';
import { LoadState } from '../../ui/LoadState';
import { PageHead } from '../../ui/PageHead';
import { useLoad } from '../../ui/use-load';
import { TemplateEditor } from './TemplateEditor';
import type { MessageTemplate } from './template-types';

/** Every template with its channels and newest version; a new one is written in place of the list. */
export function TemplatesPage() {
  const { t } = useTranslation('messageTemplates');
  const { api, can } = useSession();
  const format = useFormat();
  const [, navigate] = useLocation();
  const [creating, setCreating] = useState(false);
  const templates = useLoad(async (signal) => (await api.request<{ templates: MessageTemplate[] }>('GET', '/v1/message-templates', { signal })).templates, [api]);

  return (
    <div className="ws-page">
      <PageHead title={t('title')} sub={t('subtitle')}>
        {can('messages:write') && !creating && (
          <button type="button" className="ws-button ws-button--primary" onClick={() => setCreating(true)}>
            {t('editor.newButton')}
          </button>
        )}
      </PageHead>
      {creating ? (
        <TemplateEditor onCancel={() => setCreating(false)} onSaved={(template) => navigate(`/${encodeURIComponent(template.key)}`)} />
      ) : (
        <section className="ws-card" aria-labelledby="templates-list-title">
          <h2 id="templates-list-title">{t('list.title')}</h2>
          <LoadState of={templates} count={templates.data?.length} empty={t('list.none')} />
          {templates.data && templates.data.length > 0 && (
            <div className="ws-table-wrap">
              <table className="ws-table">
                <thead>
                  <tr>
                    <th scope="col">{t('fields.key')}</th>
                    <th scope="col">{t('fields.name')}</th>
                    <th scope="col">{t('list.channels')}</th>
                    <th scope="col">{t('list.version')}</th>
                    <th scope="col">{t('list.updatedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {templates.data.map((template) => (
                    <tr key={template.key}>
                      <td>
                        <Link href={`/${encodeURIComponent(template.key)}`} className="ws-code">
                          {template.key}
                        </Link>
                      </td>
                      <td>
                        {template.name}
                        {template.description && <div className="ws-hint">{template.description}</div>}
                      </td>
                      <td>
                        <Chips labels={template.channels.map((kind) => t(`channels.${kind}`))} />
                      </td>
                      <td>{t('list.versionValue', { version: template.version })}</td>
                      <td>{format.dateTime(template.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
