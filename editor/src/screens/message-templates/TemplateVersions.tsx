import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { useFormat } from '../../ui/format';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/use-load';
import { templatePath, type TemplateVersion } from './template-types';

/** Every saved version, newest first; an old one can be loaded into the editor and saved again to roll back. */
export function TemplateVersions({ templateKey, current, onLoad }: { templateKey: string; current: number; onLoad?: (version: TemplateVersion) => void }) {
  const { t } = useTranslation('messageTemplates');
  const { api } = useSession();
  const format = useFormat();
  const versions = useLoad(async (signal) => (await api.request<{ versions: TemplateVersion[] }>('GET', `${templatePath(templateKey)}/versions`, { signal })).versions, [api, templateKey, current]);

  return (
    <section className="ws-card" aria-labelledby="template-versions">
      <h2 id="template-versions">{t('versions.title')}</h2>
      <LoadState of={versions} />
      {versions.data && (
        <ol className="ws-versions">
          {versions.data.map((version) => (
            <li key={version.version} className="ws-versions__item">
              <div>
                <strong>{t('versions.version', { version: version.version })}</strong>
                {version.version === current && <span className="ws-status ws-status--good ws-versions__current">{t('versions.current')}</span>}
                <div className="ws-hint">{t('versions.saved', { at: format.dateTime(version.savedAt), by: version.savedBy ?? '—' })}</div>
                {version.note && <div className="ws-versions__note">{version.note}</div>}
              </div>
              {onLoad && version.version !== current && (
                <button type="button" className="ws-button ws-button--small" onClick={() => onLoad(version)} aria-label={t('versions.loadLabel', { version: version.version })}>
                  {t('versions.load')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
