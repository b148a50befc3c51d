import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { lifecycleStages } from '@trellis/journey';
import { useSession } from '../../session/session';
import { FormFooter } from '../../ui/FormFooter';
import { useAction } from '../../ui/use-action';
import { consentChannels, contactPath, type ConsentChannel, type Contact, type SubscriptionState } from './contact-types';
import { TagsEditor } from './TagsEditor';
import { traitChanges, traitRows, type TraitProblem } from './trait-rows';
import { TraitsEditor } from './TraitsEditor';

type Subscriptions = Partial<Record<ConsentChannel, SubscriptionState>>;

/** Every IANA zone the browser knows, for the time-zone field's suggestions. */
const zones: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** A field the API clears with `null`: empty text means "remove" only when it had a value. */
function cleared(before: string | null, after: string): string | null | undefined {
  const value = after.trim();
  if (value === (before ?? '')) return undefined;
  return value || (before === null ? undefined : null);
}

/**
 * Creates a contact (its user id, email and phone) or changes one: traits, tags, lifecycle stage,
 * time zone, WeCom owner and consent. An edit sends only what changed; a refusal keeps the form.
 */
export function ContactForm({ contact, onSaved, onCancel }: { contact?: Contact; onSaved: (contact: Contact) => void; onCancel: () => void }) {
  const { t } = useTranslation('contacts');
  const { api } = useSession();
  const [ids, setIds] = useState({ userId: '', email: '', phone: '' });
  const [rows, setRows] = useState(() => traitRows(contact?.traits ?? {}));
  const [tags, setTags] = useState<string[]>(contact?.tags ?? []);
  const [stage, setStage] = useState<string>(contact?.lifecycleStage ?? '');
  const [timezone, setTimezone] = useState(contact?.timezone ?? '');
  const [owner, setOwner] = useState(contact?.wecomOwner ?? '');
  const [subscriptions, setSubscriptions] = useState<Subscriptions>(contact?.subscriptions ?? {});
  const [traitProblems, setTraitProblems] = useState(new Map<number, TraitProblem>());
  const save = useAction();
  const [unchanged, setUnchanged] = useState(false);
  const titleId = contact ? `edit-${contact.id}` : 'new-contact';

  const changedSubscriptions = useMemo(
    () => Object.fromEntries(consentChannels.filter((channel) => subscriptions[channel] && subscriptions[channel] !== contact?.subscriptions[channel]).map((channel) => [channel, subscriptions[channel]])),
    [subscriptions, contact],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setUnchanged(false);
    const traits = traitChanges(contact?.traits ?? {}, rows);
    if ('problems' in traits) {
      setTraitProblems(traits.problems);
      return;
    }
    setTraitProblems(new Map());
    const consent = Object.keys(changedSubscriptions).length ? { subscriptions: changedSubscriptions } : {};
    let request: () => Promise<Contact>;
    if (contact) {
      const body = {
        ...consent,
        ...(Object.keys(traits.changes).length ? { traits: traits.changes } : {}),
        ...(tags.some((tag) => !contact.tags.includes(tag)) ? { addTags: tags.filter((tag) => !contact.tags.includes(tag)) } : {}),
        ...(contact.tags.some((tag) => !tags.includes(tag)) ? { removeTags: contact.tags.filter((tag) => !tags.includes(tag)) } : {}),
        ...Object.fromEntries(
          (
            [
              ['lifecycleStage', cleared(contact.lifecycleStage, stage)],
              ['timezone', cleared(contact.timezone, timezone)],
              ['wecomOwner', cleared(contact.wecomOwner, owner)],
            ] as const
          ).filter(([, value]) => value !== undefined),
        ),
      };
      if (Object.keys(body).length === 0) {
        setUnchanged(true);
        return;
      }
      request = () => api.patch<Contact>(contactPath(contact.externalId ?? ''), body);
    } else {
      const body = {
        ...consent,
        ...Object.fromEntries(Object.entries(ids).flatMap(([key, value]) => (value.trim() ? [[key, value.trim()]] : []))),
        traits: traits.changes,
        tags,
        ...(stage ? { lifecycleStage: stage } : {}),
        ...(timezone.trim() ? { timezone: timezone.trim() } : {}),
        ...(owner.trim() ? { wecomOwner: owner.trim() } : {}),
      };
      request = () => api.post<Contact>('/v1/contacts', body);
    }
    await save.run(request, onSaved);
  };

  return (
    <form className="ws-card ws-form" aria-labelledby={titleId} onSubmit={(event) => void submit(event)} noValidate>
      <h2 id={titleId}>{contact ? t('form.editTitle', { id: contact.externalId }) : t('form.newTitle')}</h2>
      {!contact && (
        <div className="ws-form-row">
          <label className="ws-field">
            <span className="ws-field__label">{t('fields.userId')}</span>
            <input value={ids.userId} onChange={(event) => setIds({ ...ids, userId: event.target.value })} required aria-describedby="new-contact-user-id-hint" />
            <span id="new-contact-user-id-hint" className="ws-hint">
              {t('form.userIdHint')}
            </span>
          </label>
          <label className="ws-field">
            <span className="ws-field__label">{t('fields.email')}</span>
            <input type="email" value={ids.email} onChange={(event) => setIds({ ...ids, email: event.target.value })} />
          </label>
          <label className="ws-field">
            <span className="ws-field__label">{t('fields.phone')}</span>
            <input type="tel" value={ids.phone} onChange={(event) => setIds({ ...ids, phone: event.target.value })} placeholder="+8613800138000" />
          </label>
        </div>
      )}
      <div className="ws-form-row">
        <label className="ws-field">
          <span className="ws-field__label">{t('fields.stage')}</span>
          <select value={stage} onChange={(event) => setStage(event.target.value)}>
            <option value="">{t('form.noStage')}</option>
            {lifecycleStages.map((value) => (
              <option key={value} value={value}>
                {t(`stages.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="ws-field">
          <span className="ws-field__label">{t('fields.timezone')}</span>
          <input value={timezone} onChange={(event) => setTimezone(event.target.value)} list="contact-zones" placeholder="Asia/Shanghai" />
          <datalist id="contact-zones">
            {zones.map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
        </label>
        <label className="ws-field">
          <span className="ws-field__label">{t('fields.wecomOwner')}</span>
          <input value={owner} onChange={(event) => setOwner(event.target.value)} aria-describedby={`${titleId}-owner-hint`} />
          <span id={`${titleId}-owner-hint`} className="ws-hint">
            {t('form.wecomOwnerHint')}
          </span>
        </label>
      </div>
      <TagsEditor tags={tags} onChange={setTags} />
      <TraitsEditor rows={rows} problems={traitProblems} onChange={setRows} />
      <fieldset className="ws-fieldset">
        <legend>{t('fields.consent')}</legend>
        <div className="ws-form-row">
          {consentChannels.map((channel) => (
            <label key={channel} className="ws-field">
              <span className="ws-field__label">{t(`channels.${channel}`)}</span>
              <select value={subscriptions[channel] ?? ''} onChange={(event) => setSubscriptions({ ...subscriptions, [channel]: event.target.value || undefined })}>
                {!contact?.subscriptions[channel] && <option value="">{t('consent.unset')}</option>}
                <option value="subscribed">{t('consent.subscribed')}</option>
                <option value="unsubscribed">{t('consent.unsubscribed')}</option>
              </select>
            </label>
          ))}
        </div>
      </fieldset>
      <FormFooter
        save={save}
        notice={unchanged ? t('form.unchanged') : undefined}
        submitLabel={contact ? t('common:save') : t('form.create')}
        busyLabel={t('form.saving')}
        onCancel={onCancel}
      />
    </form>
  );
}
