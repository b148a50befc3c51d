import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Chips } from '../../ui/Chips';
import { useFormat } from '../../ui/format';
import { contactHref, identityOf, type Contact } from '../contacts/contact-types';

/** Contacts in a segment or a preview, each linking to their page on the contacts screen. */
export function ContactsSample({ rows, caption }: { rows: { contact: Contact; enteredAt?: string | null }[]; caption: string }) {
  const { t } = useTranslation('segments');
  const format = useFormat();
  const entered = rows.some((row) => row.enteredAt !== undefined);
  return (
    <div className="ws-table-wrap">
      <table className="ws-table">
        <caption className="ws-sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('members.userId')}</th>
            <th scope="col">{t('members.email')}</th>
            <th scope="col">{t('members.tags')}</th>
            {entered && <th scope="col">{t('members.enteredAt')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ contact, enteredAt }) => {
            const href = contactHref(contact);
            return (
              <tr key={contact.id}>
                <td>{href ? <Link href={`~/contacts${href}`}>{contact.externalId}</Link> : <span className="muted">{t('members.noUserId')}</span>}</td>
                <td>{identityOf(contact, 'email') ?? '—'}</td>
                <td>
                  <Chips labels={contact.tags} />
                </td>
                {entered && <td>{format.dateTime(enteredAt)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
