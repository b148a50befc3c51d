import { useTranslation } from 'react-i18next';
import type { BodyKind } from '@trellis/journey';
import type { BodiesDraft } from './body-draft';
import { errorsAt, type FieldErrors } from './field-errors';
import { TemplateField } from './TemplateField';
import { WecomFields } from './WecomFields';

/** The message for one kind of channel, shaped as that channel shows it. */
export function BodyFields({ kind, draft, errors, onChange }: { kind: BodyKind; draft: BodiesDraft; errors: FieldErrors; onChange: (draft: BodiesDraft) => void }) {
  const { t } = useTranslation('messageTemplates');
  const field = <K extends 'sms' | 'email' | 'push'>(body: K, name: keyof BodiesDraft[K] & string, options: { rows?: number; code?: boolean; required?: boolean; hint?: string } = {}) => (
    <TemplateField
      label={t(`fields.${body}.${name}`)}
      value={draft[body][name] as string}
      onChange={(value) => onChange({ ...draft, [body]: { ...draft[body], [name]: value } })}
      path={`bodies.${body}.${name}`}
      errors={errors}
      {...options}
    />
  );

  return (
    <fieldset className="ws-fieldset ws-body">
      <legend>{t(`channels.${kind}`)}</legend>
      {kind === 'wecom' && <WecomFields body={draft.wecom} errors={errors} onChange={(wecom) => onChange({ ...draft, wecom })} />}
      {kind === 'sms' && field('sms', 'text', { rows: 4, required: true, hint: t('hints.sms') })}
      {kind === 'email' && (
        <>
          {field('email', 'subject', { required: true })}
          {field('email', 'preheader')}
          {field('email', 'html', { rows: 10, code: true, required: true, hint: t('hints.html') })}
          {field('email', 'text', { rows: 4, hint: t('hints.emailText') })}
        </>
      )}
      {kind === 'push' && (
        <>
          {field('push', 'title', { required: true })}
          {field('push', 'body', { rows: 2, required: true })}
          {field('push', 'url')}
        </>
      )}
      {kind !== 'wecom' &&
        errorsAt(errors, `bodies.${kind}`).map((message) => (
          <p key={message} className="ws-field-error">
            {message}
          </p>
        ))}
    </fieldset>
  );
}
