import { useEffect, useId, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { ContactTimeline } from '../../screens/contacts/ContactTimeline';
import { useSession } from '../../session/session';
import { formatDateTime } from '../../ui/format';
import type { EnrollmentRow } from './live-api';

/** One enrolment in a drawer over the editor: where it is, how it ended, its Temporal run, and the contact's timeline. */
export function EnrollmentDrawer({ enrollment, nodeName, onClose }: { enrollment: EnrollmentRow; nodeName: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('live');
  const { can } = useSession();
  const titleId = useId();
  const closeButton = useRef<HTMLButtonElement>(null);
  const locale = i18n.language;

  const latestOnClose = useRef(onClose);
  useEffect(() => {
    latestOnClose.current = onClose;
  });
  // Once per opening: focus moves into the drawer, and Escape closes it.
  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') latestOnClose.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const fields: [string, string][] = [
    [t('drawer.contactId'), enrollment.contactId],
    [t('drawer.status'), t(`enrollments.statuses.${enrollment.status}`)],
    [t('drawer.node'), nodeName],
    [t('drawer.version'), t('filter.versionN', { version: enrollment.version })],
    [t('drawer.enrolledAt'), formatDateTime(enrollment.enrolledAt, locale)],
    ...(enrollment.completedAt ? ([[t('drawer.completedAt'), formatDateTime(enrollment.completedAt, locale)]] as [string, string][]) : []),
    ...(enrollment.exitReason ? ([[t('drawer.exitReason'), t(`exitReasons.${enrollment.exitReason}`, { defaultValue: enrollment.exitReason })]] as [string, string][]) : []),
    ...(enrollment.source ? ([[t('drawer.source'), enrollment.source]] as [string, string][]) : []),
    [t('drawer.workflowId'), enrollment.workflowId],
  ];

  return createPortal(
    <div className="live-drawer__backdrop" onClick={onClose}>
      <aside className="live-drawer" role="dialog" aria-modal="true" aria-labelledby={titleId} onClick={(event) => event.stopPropagation()}>
        <header className="live-drawer__head">
          <h2 id={titleId}>{enrollment.externalId ?? enrollment.contactId}</h2>
          <button ref={closeButton} type="button" className="live-button" onClick={onClose}>
            {t('drawer.close')}
          </button>
        </header>
        <dl className="live-fields">
          {fields.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        {enrollment.temporalUrl ? (
          <a className="live-button" href={enrollment.temporalUrl} target="_blank" rel="noreferrer">
            {t('drawer.temporal')}
          </a>
        ) : (
          <p className="live-hint">{t('drawer.noTemporal')}</p>
        )}
        {!can('contacts:read') ? (
          <p className="live-hint">{t('drawer.timelineNotAllowed')}</p>
        ) : enrollment.externalId ? (
          <ContactTimeline externalId={enrollment.externalId} heading="h3" />
        ) : (
          <p className="live-hint">{t('drawer.noUserId')}</p>
        )}
      </aside>
    </div>,
    document.body,
  );
}
