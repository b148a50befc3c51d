import { useTranslation } from 'react-i18next';
import type { BodyKind } from '@trellis/journey';
import type { RenderedBody } from './template-types';

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** One channel's message as the contact would get it, or why it cannot go out to them. */
export function RenderedMessage({ kind, rendered }: { kind: BodyKind; rendered: RenderedBody }) {
  const { t } = useTranslation('messageTemplates');
  if (!rendered.ok) {
    return (
      <div className="ws-rendered ws-rendered--failed">
        <h4>{t(`channels.${kind}`)}</h4>
        <p className="ws-field-error">{t('preview.cannotRender', { error: rendered.error })}</p>
      </div>
    );
  }
  const body = rendered.body;
  const rows = (fields: string[]) => (
    <dl className="ws-dl">
      {fields
        .filter((field) => text(body[field]))
        .map((field) => (
          <div key={field} className="ws-dl__pair">
            <dt>{t(`fields.${kind}.${field}`)}</dt>
            <dd className="ws-rendered__text">{text(body[field])}</dd>
          </div>
        ))}
    </dl>
  );

  return (
    <div className="ws-rendered">
      <h4>{t(`channels.${kind}`)}</h4>
      {kind === 'sms' && (
        <>
          <p className="ws-rendered__bubble">{text(body.text)}</p>
          {rendered.length && <p className="ws-hint">{t('preview.smsLength', { characters: rendered.length.characters, segments: rendered.length.segments, encoding: rendered.length.encoding })}</p>}
        </>
      )}
      {kind === 'push' && rows(['title', 'body', 'url'])}
      {kind === 'email' && (
        <>
          {rows(['subject', 'preheader'])}
          <iframe className="ws-rendered__html" title={t('preview.htmlTitle')} sandbox="" srcDoc={text(body.html)} />
          {text(body.text) && <pre className="ws-rendered__text">{text(body.text)}</pre>}
        </>
      )}
      {kind === 'wecom' && (
        <>
          {text(body.text) && <p className="ws-rendered__bubble">{text(body.text)}</p>}
          {Array.isArray(body.attachments) &&
            (body.attachments as Record<string, unknown>[]).map((attachment, index) => (
              <div key={index} className="ws-rendered__card">
                <strong>{t(`attachments.types.${text(attachment.type)}`)}</strong>
                {['title', 'description', 'url', 'page', 'imageUrl', 'mediaId', 'imageMediaId']
                  .filter((field) => text(attachment[field]))
                  .map((field) => (
                    <div key={field} className="ws-rendered__text">
                      <span className="muted">{t(`attachments.fields.${field}`)}: </span>
                      {text(attachment[field])}
                    </div>
                  ))}
              </div>
            ))}
        </>
      )}
    </div>
  );
}
