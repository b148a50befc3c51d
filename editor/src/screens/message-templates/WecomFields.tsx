import { useTranslation } from 'react-i18next';
import type { WecomAttachment } from '@trellis/journey';
import { newAttachment, type AttachmentDraft, type BodiesDraft } from './body-draft';
import { errorsAt, type FieldErrors } from './field-errors';
import { TemplateField } from './TemplateField';

const attachmentTypes: WecomAttachment['type'][] = ['link', 'miniprogram', 'image'];
/** Which fields each attachment type has, in the order WeCom shows them. */
const attachmentFields: Record<WecomAttachment['type'], (keyof AttachmentDraft)[]> = {
  link: ['title', 'description', 'url', 'imageUrl', 'imageMediaId'],
  miniprogram: ['title', 'appId', 'page', 'imageMediaId'],
  image: ['mediaId', 'imageUrl'],
};
const maxAttachments = 9;

/** A WeCom message (1:1, group post or Moments): text and up to nine cards or images. */
export function WecomFields({ body, errors, onChange }: { body: BodiesDraft['wecom']; errors: FieldErrors; onChange: (body: BodiesDraft['wecom']) => void }) {
  const { t } = useTranslation('messageTemplates');
  const setAttachment = (key: number, change: Partial<AttachmentDraft>) => onChange({ ...body, attachments: body.attachments.map((attachment) => (attachment.key === key ? { ...attachment, ...change } : attachment)) });
  const whole = [...errorsAt(errors, 'bodies.wecom'), ...errorsAt(errors, 'bodies.wecom.attachments')];

  return (
    <>
      <TemplateField label={t('fields.wecomText')} value={body.text} onChange={(text) => onChange({ ...body, text })} path="bodies.wecom.text" errors={errors} rows={5} />
      <ol className="ws-attachments">
        {body.attachments.map((attachment, index) => (
          <li key={attachment.key}>
            <fieldset className="ws-fieldset">
              <legend>{t('attachments.legend', { index: index + 1, type: t(`attachments.types.${attachment.type}`) })}</legend>
              <div className="ws-form-row">
                <label className="ws-field">
                  <span className="ws-field__label">{t('attachments.type')}</span>
                  <select value={attachment.type} onChange={(event) => setAttachment(attachment.key, { type: event.target.value as WecomAttachment['type'] })}>
                    {attachmentTypes.map((type) => (
                      <option key={type} value={type}>
                        {t(`attachments.types.${type}`)}
                      </option>
                    ))}
                  </select>
                </label>
                {attachmentFields[attachment.type].map((field) => (
                  <TemplateField
                    key={field}
                    label={t(`attachments.fields.${field}`)}
                    value={String(attachment[field])}
                    onChange={(value) => setAttachment(attachment.key, { [field]: value })}
                    path={`bodies.wecom.attachments.${index}.${field}`}
                    errors={errors}
                    code={field === 'appId' || field === 'imageMediaId' || field === 'mediaId'}
                  />
                ))}
              </div>
              {errorsAt(errors, `bodies.wecom.attachments.${index}`).map((message) => (
                <p key={message} className="ws-field-error">
                  {message}
                </p>
              ))}
              <button type="button" className="ws-button ws-button--small" onClick={() => onChange({ ...body, attachments: body.attachments.filter((other) => other.key !== attachment.key) })}>
                {t('attachments.remove', { index: index + 1 })}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      {whole.map((message) => (
        <p key={message} className="ws-field-error">
          {message}
        </p>
      ))}
      <button type="button" className="ws-button ws-button--small ws-attachments__add" onClick={() => onChange({ ...body, attachments: [...body.attachments, newAttachment('link')] })} disabled={body.attachments.length >= maxAttachments}>
        {t('attachments.add')}
      </button>
    </>
  );
}
