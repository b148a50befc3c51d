import { useTranslation } from 'react-i18next';
import { Chips } from '../../ui/Chips';
import { useFormat } from '../../ui/format';
import { consentChannels, type Contact } from './contact-types';

function traitText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** What Trellis knows of a contact: ids, profile, tags, consent, traits, orders and event counts. */
export function ContactProfile({ contact }: { contact: Contact }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const traits = Object.entries(contact.traits);
  const activity = Object.entries(contact.activity);
  const { computed } = contact;

  return (
    <div className="ws-columns">
      <section className="ws-card" aria-labelledby="contact-ids">
        <h2 id="contact-ids">{t('detail.identities')}</h2>
        <dl className="ws-dl">
          {contact.identities.map((identity) => (
            <div key={`${identity.kind}:${identity.value}`} className="ws-dl__pair">
              <dt>{t(`identityKinds.${identity.kind}`, { defaultValue: identity.kind })}</dt>
              <dd>{identity.value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="ws-card" aria-labelledby="contact-profile">
        <h2 id="contact-profile">{t('detail.profile')}</h2>
        <dl className="ws-dl">
          <dt>{t('fields.stage')}</dt>
          <dd>{contact.lifecycleStage ? t(`stages.${contact.lifecycleStage}`) : '—'}</dd>
          <dt>{t('fields.timezone')}</dt>
          <dd>{contact.timezone ?? '—'}</dd>
          <dt>{t('fields.wecomOwner')}</dt>
          <dd>{contact.wecomOwner ?? '—'}</dd>
          <dt>{t('fields.groups')}</dt>
          <dd>{contact.groups.length ? contact.groups.join(', ') : '—'}</dd>
          <dt>{t('fields.openHandoffs')}</dt>
          <dd>{format.number(contact.openHandoffs)}</dd>
          <dt>{t('fields.tags')}</dt>
          <dd>
            {contact.tags.length ? <Chips labels={contact.tags} /> : '—'}
          </dd>
        </dl>
      </section>

      <section className="ws-card" aria-labelledby="contact-consent">
        <h2 id="contact-consent">{t('fields.consent')}</h2>
        <dl className="ws-dl">
          {consentChannels.map((channel) => {
            const suppressed = contact.suppressions[channel];
            const state = contact.subscriptions[channel];
            return (
              <div key={channel} className="ws-dl__pair">
                <dt>{t(`channels.${channel}`)}</dt>
                <dd>
                  {state ? t(`consent.${state}`) : t('consent.unset')}
                  {suppressed && <span className="ws-status ws-status--bad ws-consent__suppressed">{t('consent.suppressed', { reason: suppressed.reason, at: format.dateTime(suppressed.at) })}</span>}
                </dd>
              </div>
            );
          })}
        </dl>
      </section>

      <section className="ws-card" aria-labelledby="contact-traits">
        <h2 id="contact-traits">{t('fields.traits')}</h2>
        {traits.length === 0 ? (
          <p className="ws-empty">{t('traits.none')}</p>
        ) : (
          <dl className="ws-dl">
            {traits.map(([name, value]) => (
              <div key={name} className="ws-dl__pair">
                <dt>{name}</dt>
                <dd>{traitText(value)}</dd>
              </div>
            ))}
          </dl>
        )}
      </section>

      <section className="ws-card" aria-labelledby="contact-orders">
        <h2 id="contact-orders">{t('detail.orders')}</h2>
        <dl className="ws-dl">
          <dt>{t('computed.ordersCount')}</dt>
          <dd>{format.number(computed.ordersCount)}</dd>
          <dt>{t('computed.totalSpent')}</dt>
          <dd>{format.number(computed.totalSpent)}</dd>
          <dt>{t('computed.lastOrderAt')}</dt>
          <dd>{format.dateTime(computed.lastOrderAt)}</dd>
          {computed.rfm && (
            <>
              <dt>{t('computed.rfm')}</dt>
              <dd>{t('computed.rfmValue', { ...computed.rfm })}</dd>
            </>
          )}
        </dl>
      </section>

      <section className="ws-card" aria-labelledby="contact-activity">
        <h2 id="contact-activity">{t('detail.activity')}</h2>
        {activity.length === 0 ? (
          <p className="ws-empty">{t('detail.noActivity')}</p>
        ) : (
          <table className="ws-table">
            <thead>
              <tr>
                <th scope="col">{t('detail.event')}</th>
                <th scope="col">{t('detail.count')}</th>
                <th scope="col">{t('detail.lastAt')}</th>
              </tr>
            </thead>
            <tbody>
              {activity.map(([name, stats]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td>{format.number(stats.count)}</td>
                  <td>{format.dateTime(stats.lastAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
