import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Dates and numbers written the way the chosen language writes them. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'zh' ? 'zh-CN' : 'en';
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const seconds = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    const number = new Intl.NumberFormat(locale);
    return {
      dateTime: (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—'),
      dateTimeSeconds: (iso: string) => seconds.format(new Date(iso)),
      number: (value: number) => number.format(value),
    };
  }, [locale]);
}
