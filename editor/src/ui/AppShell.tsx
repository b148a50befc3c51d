import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { changeLanguage, languages, type Language } from '../i18n';
import { useSession } from '../session/session';

const sections: { path: string; label: string; permission: string }[] = [
  { path: '/journeys', label: 'nav.journeys', permission: 'journeys:read' },
  { path: '/contacts', label: 'nav.contacts', permission: 'contacts:read' },
  { path: '/segments', label: 'nav.segments', permission: 'segments:read' },
  { path: '/message-templates', label: 'nav.messageTemplates', permission: 'messages:read' },
  { path: '/inbox', label: 'nav.inbox', permission: 'tasks:read' },
  { path: '/audit', label: 'nav.audit', permission: 'audit:read' },
];

/** Navigation, language and who is signed in around every screen. */
export function AppShell({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { access, can, signOut } = useSession();
  const [location] = useLocation();
  return (
    <div className="shell">
      <nav className="shell__nav" aria-label={t('nav.label')}>
        <strong className="shell__brand">Trellis</strong>
        <ul>
          {sections
            .filter((section) => can(section.permission))
            .map((section) => (
              <li key={section.path}>
                <Link href={section.path} className={location.startsWith(section.path) ? 'active' : undefined} aria-current={location.startsWith(section.path) ? 'page' : undefined}>
                  {t(section.label)}
                </Link>
              </li>
            ))}
        </ul>
        <div className="shell__account">
          <label>
            <span className="visually-hidden">{t('language')}</span>
            <select value={i18n.language} onChange={(event) => void changeLanguage(event.target.value as Language)} aria-label={t('language')}>
              {languages.map((language) => (
                <option key={language} value={language}>
                  {t(`languages.${language}`)}
                </option>
              ))}
            </select>
          </label>
          <span className="shell__who" title={access.role ? t(`roles.${access.role}`) : undefined}>
            {access.actor.name}
            {access.role && <span className="muted"> · {t(`roles.${access.role}`)}</span>}
          </span>
          <button type="button" className="link" onClick={signOut}>
            {t('signOut')}
          </button>
        </div>
      </nav>
      <div className="shell__main">{children}</div>
    </div>
  );
}
