import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCount, formatNumber, formatRate } from '../../ui/format';
import type { NodeOverlay } from './node-overlay';
import './live.css';

export interface NodeStatsBadgeProps {
  overlay: NodeOverlay;
  /** A port's name for people (a split arm's label, "Yes" for a condition); the port id otherwise. */
  portLabel?: (port: string) => string | undefined;
}

/**
 * A node's live numbers in one or two short lines for a 240px node ("1,204 entered · 37 waiting",
 * errors in red, a branch's shares per port); screen readers get the whole sentence instead.
 */
export const NodeStatsBadge = memo(function NodeStatsBadge({ overlay, portLabel }: NodeStatsBadgeProps) {
  const { t, i18n } = useTranslation('live');
  const locale = i18n.language;
  const short = (value: number) => formatCount(value, locale);
  const exact = (value: number) => formatNumber(value, locale);
  const nameOf = (port: string) => portLabel?.(port) ?? port;
  const { journey } = overlay;
  const showWaiting = overlay.waiting > 0 || (overlay.type?.startsWith('wait.') ?? false);

  const parts: string[] = journey
    ? [t('badge.enrolled', { n: short(journey.enrolled) }), t('badge.active', { n: short(journey.active) })]
    : [t('badge.entered', { n: short(overlay.entered) }), ...(showWaiting ? [t('badge.waiting', { n: short(overlay.waiting) })] : [])];
  if (overlay.exited > 0 && !journey) parts.push(t('badge.exited', { n: short(overlay.exited) }));
  // The second line: how a branch divided, or the trigger's conversion rate.
  const shares = overlay.divides ? overlay.ports.map((port) => t('badge.port', { port: nameOf(port.port), share: port.share === null ? t('none') : formatRate(port.share, locale, 0) })) : [];
  const second = journey?.conversionRate != null ? [t('badge.converted', { rate: formatRate(journey.conversionRate, locale) }), ...shares] : shares;

  const sentence = [
    ...(journey
      ? [t('aria.enrolled', { count: journey.enrolled, n: exact(journey.enrolled) }), t('aria.active', { count: journey.active, n: exact(journey.active) })]
      : [t('aria.entered', { count: overlay.entered, n: exact(overlay.entered) })]),
    ...(showWaiting && !journey ? [t('aria.waiting', { count: overlay.waiting, n: exact(overlay.waiting) })] : []),
    ...(overlay.exited > 0 ? [t('aria.exited', { count: overlay.exited, n: exact(overlay.exited) })] : []),
    ...(journey?.conversionRate != null ? [t('aria.converted', { rate: formatRate(journey.conversionRate, locale) })] : []),
    ...(overlay.errors > 0 ? [t('aria.errors', { count: overlay.errors, n: exact(overlay.errors) })] : []),
    ...(shares.length
      ? [
          t('aria.ports', {
            list: overlay.ports
              .map((port) => t('aria.port', { port: nameOf(port.port), n: exact(port.count), share: port.share === null ? t('none') : formatRate(port.share, locale) }))
              .join(t('aria.portSeparator')),
          }),
        ]
      : []),
  ].join(t('aria.listSeparator')) + t('aria.end');

  return (
    <div className="live-badge" role="group" aria-label={sentence} title={sentence}>
      <div className="live-badge__line" aria-hidden="true">
        <span>{parts.join(t('badge.separator'))}</span>
        {overlay.errors > 0 && <span className="live-badge__errors">{t('badge.errors', { count: overlay.errors, n: short(overlay.errors) })}</span>}
      </div>
      {second.length > 0 && (
        <div className="live-badge__line live-badge__ports" aria-hidden="true">
          {second.join(t('badge.separator'))}
        </div>
      )}
    </div>
  );
});
