import Form from '@rjsf/core';
import type { ErrorSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorSchemaFor } from '../../journey/inspector/config-form-schema';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { fieldProblems } from '../../ui/api-problem';
import { formButtonTemplates } from '../../ui/form-buttons';
import { useSession } from '../../session/session';

interface TemplateSummary {
  id: string;
  version: string;
  title: string;
  description: string;
  parametersSchema: Record<string, unknown>;
  nodes: number;
  locales: Partial<Record<string, { title: string; description: string; parameters?: Record<string, string> }>>;
}

/** The parameters form with each title in the reader's language where the template has it. */
function localizedSchema(template: TemplateSummary, language: string): Record<string, unknown> {
  const titles = template.locales[language]?.parameters ?? {};
  const properties = (template.parametersSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
  return { ...template.parametersSchema, properties: Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, titles[name] ? { ...property, title: titles[name] } : property])) };
}

/** The parameters a 422 names (`parameters.discount`), as errors under those fields. */
function errorSchemaOf(error: unknown): ErrorSchema | undefined {
  const named = fieldProblems(error).flatMap((problem) => (problem.path?.startsWith('parameters.') ? [{ field: problem.path.slice('parameters.'.length), message: problem.message }] : []));
  return named.length > 0 ? errorSchemaFor(named) : undefined;
}

/** Tag lists are labelled once, by the parameter's title, not per item. */
function listItemsUnlabelled(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, { type?: string }>;
  return Object.fromEntries(Object.entries(properties).filter(([, property]) => property.type === 'array').map(([name]) => [name, { items: { 'ui:label': false } }]));
}

/** The template library: pick one, fill in its parameters, get a new draft to edit. */
export function TemplatesGallery({ onClose, onCreated }: { onClose: () => void; onCreated: (journeyId: string) => void }) {
  const { t, i18n } = useTranslation('journeys');
  // The template's own words in the reader's language when it has them.
  const words = (template: TemplateSummary) => template.locales[i18n.language] ?? template;
  const { api } = useSession();
  const [templates, setTemplates] = useState<TemplateSummary[]>();
  const [chosen, setChosen] = useState<TemplateSummary>();
  const [name, setName] = useState('');
  const [parameters, setParameters] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
    api.get<{ templates: TemplateSummary[] }>('/v1/templates').then((body) => setTemplates(body.templates), setError);
  }, [api]);

  const choose = (template: TemplateSummary) => {
    setChosen(template);
    setName(words(template).title);
    setParameters({});
    setError(undefined);
  };

  const create = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<{ id: string }>(`/v1/templates/${chosen.id}/journeys`, { name: name.trim() || undefined, parameters });
      onCreated(created.id);
    } catch (reason) {
      setError(reason);
      setBusy(false);
    }
  };

  return (
    <dialog ref={dialog} className="dialog dialog--wide" aria-labelledby="gallery-title" onCancel={onClose}>
      <header className="dialog__header">
        <h2 id="gallery-title">{chosen ? words(chosen).title : t('gallery.title')}</h2>
        <button type="button" onClick={onClose}>
          {t('common:close')}
        </button>
      </header>
      {error !== undefined && !errorSchemaOf(error) && <ApiErrorAlert error={error} />}
      {!chosen ? (
        !templates ? (
          <p className="muted">{t('common:loading')}</p>
        ) : (
          <ul className="gallery" aria-label={t('gallery.title')}>
            {templates.map((template) => (
              <li key={template.id}>
                <button type="button" className="gallery__card" onClick={() => choose(template)}>
                  <strong>{words(template).title}</strong>
                  <span className="gallery__description" title={words(template).description}>{words(template).description}</span>
                  <span className="muted">
                    {t('gallery.meta', { version: template.version, count: template.nodes })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : (
        <div className="gallery__form">
          <p>{words(chosen).description}</p>
          <label htmlFor="template-journey-name">{t('gallery.name')}</label>
          <input id="template-journey-name" value={name} onChange={(event) => setName(event.target.value)} />
          <Form
            idPrefix="template-params"
            schema={localizedSchema(chosen, i18n.language)}
            formData={parameters}
            uiSchema={listItemsUnlabelled(chosen.parametersSchema)}
            templates={formButtonTemplates}
            validator={validator}
            extraErrors={errorSchemaOf(error)}
            showErrorList={false}
            noHtml5Validate
            onChange={(event) => setParameters((event.formData ?? {}) as Record<string, unknown>)}
            onSubmit={() => void create()}
          >
            <div className="dialog__actions">
              <button type="button" onClick={() => setChosen(undefined)} disabled={busy}>
                {t('gallery.back')}
              </button>
              <button type="submit" className="primary" disabled={busy}>
                {t('gallery.create')}
              </button>
            </div>
          </Form>
        </div>
      )}
    </dialog>
  );
}
