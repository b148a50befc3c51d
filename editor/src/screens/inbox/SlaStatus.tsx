import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRoughDuration } from '../../ui/format';
import type { PromiseState } from './sla';

/** One promise in words: due in…, overdue by…, met (late or on time), or no longer owed. */
export function SlaStatus({ state }: { state: PromiseState }) {
  const { t, i18n } = useTranslation('inbox');
  const language = i18n.language;
  switch (state.state) {
    case 'pending':
      return (
        <span className="sla sla--pending" title={formatDateTime(state.due, language)}>
          {t('sla.dueIn', { duration: formatRoughDuration(state.msLeft, language) })}
        </span>
      );
    case 'overdue':
      return (
        <span className="sla sla--overdue" title={formatDateTime(state.due, language)}>
          {t('sla.overdueBy', { duration: formatRoughDuration(state.msLate, language) })}
        </span>
      );
    case 'met':
      return <span className={state.late ? 'sla sla--late' : 'sla sla--met'}>{t(state.late ? 'sla.metLate' : 'sla.met', { at: formatDateTime(state.at, language) })}</span>;
    case 'void':
      return <span className="sla sla--void">{t('sla.void')}</span>;
  }
}
