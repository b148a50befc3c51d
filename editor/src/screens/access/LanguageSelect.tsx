import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { changeLanguage, languages, type Language } from '../../i18n';

/** The language switcher for screens outside the app shell (which has its own). */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="language-select">
      <label htmlFor={id}>{t('language')}</label>
      <select id={id} value={i18n.language} onChange={(event) => void changeLanguage(event.target.value as Language)}>
        {languages.map((language) => (
          <option key={language} value={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
