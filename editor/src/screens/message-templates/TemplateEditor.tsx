import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageBodies } from '@trellis/journey';
import { useSession } from '../../session/session';
import { FormFooter } from '../../ui/FormFooter';
import { useAction } from '../../ui/use-action';
import { bodiesOf, draftOf } from './body-draft';
import { BodyFields } from './BodyFields';
import { errorsAt, fieldErrorsOf } from './field-errors';
import { bodyKinds, templateKeyPattern, templatePath, type MessageTemplate } from './template-types';

/** The hint shows Liquid's own "{{ … }}", which i18next would otherwise read as its placeholders. */
const liquidText = { interpolation: { prefix: '[[', suffix: ']]' } };

export interface TemplateContent {
  name: string;
  description: string | null;
  bodies: MessageBodies | undefined;
}

/**
 * Writes a template's message per channel and saves it: the first save makes version 1, each
 * later one a new version. The API checks the Liquid; its problems show at their fields, with
 * line and column, and nothing typed is lost.
 */
export function TemplateEditor({ template, initial, onSaved, onCancel }: { template?: MessageTemplate; initial?: TemplateContent; onSaved: (template: MessageTemplate) => void; onCancel?: () => void }) {
  const { t } = useTranslation('messageTemplates');
  const { api, can } = useSession();
  const [key, setKey] = useState('');
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [draft, setDraft] = useState(() => draftOf(initial?.bodies));
  const [note, setNote] = useState('');
  const save = useAction();
  const [notice, setNotice] = useState<string>();
  const writable = can('messages:write');
  const errors = fieldErrorsOf(save.error);
  const badKey = !template && key !== '' && !templateKeyPattern.test(key);
  const titleId = template ? `template-editor-${template.key}` : 'new-template';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(undefined);
    const content = { name: name.trim(), bodies: bodiesOf(draft), ...(note.trim() ? { note: note.trim() } : {}) };
    if (!template) {
      await save.run(() => api.post<MessageTemplate>('/v1/message-templates', { key, ...content, ...(description.trim() ? { description: description.trim() } : {}) }), onSaved);
      return;
    }
    await save.run(
      () => api.put<MessageTemplate>(templatePath(template.key), { ...content, description: description.trim() || null }),
      (saved) => {
        setNotice(saved.unchanged ? t('editor.unchanged', { version: saved.version }) : t('editor.saved', { version: saved.version }));
        setNote('');
        onSaved(saved);
      },
    );
  };

  return (
    <form className="ws-card ws-form" aria-labelledby={titleId} onSubmit={(event) => void submit(event)} noValidate>
      <div className="ws-card__head">
        <h2 id={titleId}>{template ? t('editor.editTitle', { version: template.version }) : t('editor.newTitle')}</h2>
      </div>
      <div className="ws-form-row">
        {!template && (
          <label className="ws-field">
            <span className="ws-field__label">{t('fields.key')}</span>
            <input className="ws-code" value={key} onChange={(event) => setKey(event.target.value)} required aria-invalid={badKey || errorsAt(errors, 'key').length ? true : undefined} aria-describedby="template-key-hint" />
            <span id="template-key-hint" className={badKey ? 'ws-field-error' : 'ws-hint'}>
              {t('editor.keyHint')}
            </span>
          </label>
        )}
        <label className="ws-field">
          <span className="ws-field__label">{t('fields.name')}</span>
          <input value={name} onChange={(event) => setName(event.target.value)} required aria-invalid={errorsAt(errors, 'name').length ? true : undefined} />
        </label>
      </div>
      <label className="ws-field">
        <span className="ws-field__label">{t('fields.description')}</span>
        <textarea rows={2} value={description} onChange={(event) => setDescription(event.target.value)} />
      </label>
      <fieldset className="ws-fieldset">
        <legend>{t('editor.channels')}</legend>
        <div className="ws-channel-toggles">
          {bodyKinds.map((kind) => (
            <label key={kind} className="ws-check">
              <input type="checkbox" checked={draft.enabled[kind]} onChange={(event) => setDraft({ ...draft, enabled: { ...draft.enabled, [kind]: event.target.checked } })} />
              {t(`channels.${kind}`)}
            </label>
          ))}
        </div>
        {errorsAt(errors, 'bodies').map((message) => (
          <p key={message} className="ws-field-error">
            {message}
          </p>
        ))}
        <p className="ws-hint">{t('hints.liquid', liquidText)}</p>
      </fieldset>
      {bodyKinds
        .filter((kind) => draft.enabled[kind])
        .map((kind) => (
          <BodyFields key={kind} kind={kind} draft={draft} errors={errors} onChange={setDraft} />
        ))}
      <label className="ws-field">
        <span className="ws-field__label">{t('fields.note')}</span>
        <input value={note} onChange={(event) => setNote(event.target.value)} maxLength={500} placeholder={t('editor.notePlaceholder')} />
      </label>
      <FormFooter
        save={save}
        notice={notice}
        submitLabel={template ? t('editor.saveVersion') : t('editor.create')}
        busyLabel={t('editor.saving')}
        disabled={!writable || badKey}
        title={writable ? undefined : t('common:notAllowed')}
        onCancel={onCancel}
      />
    </form>
  );
}
