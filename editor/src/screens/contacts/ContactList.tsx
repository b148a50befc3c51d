import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { lifecycleStages } from '@trellis/journey';
import { useSession } from '../../session/session';
import { ApiErrorAlert } from '../../ui/ApiErrorAlert';
import { Chips } from '../../ui/Chips';
import { useFormat } from '../../ui/format';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/use-load';
import { contactHref, identityOf, type Contact, type ContactPage } from './contact-types';

interface Filters {
  q?: string;
  tag?: string;
  lifecycleStage?: string;
}

const pageSize = 50;

/** Contacts a page at a time, found by the start of a user id or email, a tag or a lifecycle stage. */
export function ContactList({ refreshKey }: { refreshKey: number }) {
  const { t } = useTranslation('contacts');
  const { api } = useSession();
  const format = useFormat();
  const [filters, setFilters] = useState<Filters>({});
  const [draft, setDraft] = useState<Filters>({});
  const [more, setMore] = useState<{ contacts: Contact[]; next: string | null; loading: boolean; error?: unknown }>({ contacts: [], next: null, loading: false });

  const first = useLoad(
    async (signal) => {
      const page = await api.request<ContactPage>('GET', '/v1/contacts', { query: { ...filters, limit: pageSize }, signal });
      if (!signal.aborted) setMore({ contacts: [], next: page.next, loading: false });
      return page;
    },
    [api, filters, refreshKey],
  );

  const search = (event: FormEvent) => {
    event.preventDefault();
    const clean = (value?: string) => value?.trim() || undefined;
    setFilters({ q: clean(draft.q), tag: clean(draft.tag), lifecycleStage: clean(draft.lifecycleStage) });
  };

  const loadMore = async () => {
    if (!more.next) return;
    setMore((previous) => ({ ...previous, loading: true, error: undefined }));
    try {
      const page = await api.get<ContactPage>('/v1/contacts', { ...filters, limit: pageSize, cursor: more.next });
      setMore((previous) => ({ contacts: [...previous.contacts, ...page.contacts], next: page.next, loading: false }));
    } catch (error) {
      setMore((previous) => ({ ...previous, loading: false, error }));
    }
  };

  const contacts = [...(first.data?.contacts ?? []), ...more.contacts];
  const filtered = Boolean(filters.q || filters.tag || filters.lifecycleStage);

  return (
    <section className="ws-card" aria-labelledby="contacts-list-title">
      <h2 id="contacts-list-title" className="ws-sr-only">
        {t('list.title')}
      </h2>
      <form className="ws-filters" role="search" onSubmit={search}>
        <label className="ws-field ws-filters__q">
          <span className="ws-field__label">{t('list.search')}</span>
          <input type="search" value={draft.q ?? ''} onChange={(event) => setDraft({ ...draft, q: event.target.value })} placeholder={t('list.searchPlaceholder')} />
        </label>
        <label className="ws-field">
          <span className="ws-field__label">{t('list.tag')}</span>
          <input value={draft.tag ?? ''} onChange={(event) => setDraft({ ...draft, tag: event.target.value })} />
        </label>
        <label className="ws-field">
          <span className="ws-field__label">{t('list.stage')}</span>
          <select value={draft.lifecycleStage ?? ''} onChange={(event) => setDraft({ ...draft, lifecycleStage: event.target.value })}>
            <option value="">{t('list.anyStage')}</option>
            {lifecycleStages.map((stage) => (
              <option key={stage} value={stage}>
                {t(`stages.${stage}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="ws-actions ws-filters__buttons">
          <button type="submit" className="ws-button ws-button--primary">
            {t('list.searchButton')}
          </button>
          {filtered && (
            <button
              type="button"
              className="ws-button"
              onClick={() => {
                setDraft({});
                setFilters({});
              }}
            >
              {t('list.clear')}
            </button>
          )}
        </div>
      </form>

      <LoadState of={first} count={contacts.length} empty={filtered ? t('list.noMatches') : t('list.none')} />
      {contacts.length > 0 && (
        <div className="ws-table-wrap">
          <table className="ws-table" aria-busy={first.loading}>
            <thead>
              <tr>
                <th scope="col">{t('fields.userId')}</th>
                <th scope="col">{t('fields.email')}</th>
                <th scope="col">{t('fields.phone')}</th>
                <th scope="col">{t('fields.stage')}</th>
                <th scope="col">{t('fields.tags')}</th>
                <th scope="col">{t('fields.lastEventAt')}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((contact) => {
                const href = contactHref(contact);
                return (
                  <tr key={contact.id}>
                    <td>{href ? <Link href={href}>{contact.externalId}</Link> : <span className="muted">{t('list.noUserId')}</span>}</td>
                    <td>{identityOf(contact, 'email') ?? '—'}</td>
                    <td>{identityOf(contact, 'phone') ?? '—'}</td>
                    <td>{contact.lifecycleStage ? t(`stages.${contact.lifecycleStage}`) : '—'}</td>
                    <td>
                      <Chips labels={contact.tags} />
                    </td>
                    <td>{format.dateTime(contact.lastEventAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {more.error !== undefined && <ApiErrorAlert error={more.error} />}
      {more.next && (
        <div className="ws-more">
          <span className="muted">{t('list.shown', { count: contacts.length, shown: format.number(contacts.length) })}</span>
          <button type="button" className="ws-button" onClick={() => void loadMore()} disabled={more.loading}>
            {more.loading ? t('common:loading') : t('list.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}
