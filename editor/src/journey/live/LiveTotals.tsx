import { useTranslation } from 'react-i18next';
import { formatDuration, formatNumber, formatRate } from '../../ui/format';
import type { JourneyStatsResponse } from './live-api';

/** The journey as a whole: enrolled, active now, goals, conversion rate, time to convert, exits by reason. */
export function LiveTotals({ stats }: { stats: JourneyStatsResponse }) {
  const { t, i18n } = useTranslation('live');
  const locale = i18n.language;
  const { journey } = stats;
  const exits = Object.entries(journey.exitedByReason).sort((a, b) => b[1] - a[1]);
  const exitTotal = exits.reduce((sum, [, count]) => sum + count, 0);
  return (
    <section className="live-section" aria-labelledby="live-totals">
      <h3 id="live-totals">{t('totals.heading')}</h3>
      <dl className="live-metrics">
        <div>
          <dt>{t('totals.enrolled')}</dt>
          <dd>{formatNumber(journey.enrolled, locale)}</dd>
        </div>
        <div>
          <dt title={t('totals.activeHint')}>{t('totals.active')}</dt>
          <dd>{formatNumber(journey.active, locale)}</dd>
        </div>
        <div>
          <dt>{t('totals.goals')}</dt>
          <dd>{formatNumber(journey.goals, locale)}</dd>
        </div>
        <div>
          <dt>{t('totals.conversionRate')}</dt>
          <dd>{journey.conversionRate === null ? t('none') : formatRate(journey.conversionRate, locale)}</dd>
        </div>
        <div>
          <dt>{t('totals.medianToConvert')}</dt>
          <dd>{journey.timeToConvert ? formatDuration(journey.timeToConvert.median, locale) : t('none')}</dd>
        </div>
        <div>
          <dt>{t('totals.p90ToConvert')}</dt>
          <dd>{journey.timeToConvert ? formatDuration(journey.timeToConvert.p90, locale) : t('none')}</dd>
        </div>
      </dl>
      <h4>{t('totals.exits')}</h4>
      {exits.length === 0 ? (
        <p className="live-hint">{t('totals.noExits')}</p>
      ) : (
        <ul className="live-bars">
          {exits.map(([reason, count]) => (
            <li key={reason}>
              <span className="live-bars__label">{t(`exitReasons.${reason}`, { defaultValue: reason })}</span>
              <span className="live-bars__track" aria-hidden="true">
                <span className="live-bars__fill" style={{ width: `${exitTotal ? (count / exitTotal) * 100 : 0}%` }} />
              </span>
              <span className="live-bars__value">{formatNumber(count, locale)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
