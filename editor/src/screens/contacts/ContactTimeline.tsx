import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useSession } from '../../session/session';
import { useFormat } from '../../ui/format';
import { LoadState } from '../../ui/LoadState';
import { useLoad } from '../../ui/use-load';
import { contactPath } from './contact-types';
import type { Timeline, TimelineEntry } from './timeline-types';
import './contact-timeline.css';

/** A step's output in a few words (the tags and traits an action changed, say), for a person reading the log. */
function outputSummary(output: unknown): string | undefined {
  if (output === undefined || output === null) return undefined;
  const text =
    typeof output === 'object'
      ? Object.entries(output as Record<string, unknown>)
          .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
          .join(' · ')
      : String(output);
  return text.length > 240 ? `${text.slice(0, 239)}…` : text || undefined;
}

function field(output: unknown, name: string): unknown {
  return typeof output === 'object' && output !== null ? (output as Record<string, unknown>)[name] : undefined;
}

function describe(entry: TimelineEntry, journey: string, t: TFunction<'contacts'>): { text: string; detail?: string } {
  switch (entry.type) {
    case 'enrolled':
      return { text: t('timeline.enrolled', { journey, version: entry.version }), detail: entry.source ? t('timeline.source', { source: entry.source }) : undefined };
    case 'entered':
      return { text: t('timeline.entered', { node: entry.nodeId }) };
    case 'action':
      return { text: t('timeline.action', { node: entry.nodeId }), detail: outputSummary(entry.output) };
    case 'arm':
      return field(entry.output, 'holdout') === true
        ? { text: t('timeline.holdout', { node: entry.nodeId }) }
        : { text: t('timeline.arm', { node: entry.nodeId, arm: String(field(entry.output, 'arm') ?? '?') }) };
    case 'goal':
      return { text: t('timeline.goal', { node: entry.nodeId }) };
    case 'exited': {
      const reason = String(field(entry.output, 'reason') ?? '');
      return { text: t('timeline.exited', { node: entry.nodeId, reason: t(`exitReasons.${reason}`, { defaultValue: reason }) }) };
    }
    case 'message':
      return {
        text: t('timeline.message', { channel: t(`channels.${entry.channel}`, { defaultValue: entry.channel }), template: entry.template, status: t(`sendStatuses.${entry.status}`, { defaultValue: entry.status }) }),
        detail: entry.reason ?? undefined,
      };
  }
}

/**
 * Everything journeys did with one contact, oldest first as the API lists it: enrolments (with a
 * link to the run in Temporal), steps entered and done, split arms, goals, exits and every turn
 * of every message. Used on the contact's page and in the journey live view's drawer.
 */
export function ContactTimeline({ externalId, heading: Heading = 'h2' }: { externalId: string; heading?: 'h2' | 'h3' }) {
  const { t } = useTranslation('contacts');
  const { api, can } = useSession();
  const format = useFormat();
  const titleId = useId();
  const timeline = useLoad((signal) => api.request<Timeline>('GET', `${contactPath(externalId)}/timeline`, { signal }), [api, externalId]);
  const journeys = useLoad(
    async (signal) => (can('journeys:read') ? (await api.request<{ journeys: { id: string; name: string }[] }>('GET', '/v1/journeys', { signal })).journeys : []),
    [api],
  );
  const journeyName = (id: string | null) => (id === null ? t('timeline.noJourney') : (journeys.data?.find((journey) => journey.id === id)?.name ?? id));

  return (
    <section className="ws-timeline" aria-labelledby={titleId}>
      <div className="ws-timeline__head">
        <Heading id={titleId}>{t('timeline.title')}</Heading>
        <button type="button" className="ws-button ws-button--small" onClick={timeline.reload} disabled={timeline.loading}>
          {t('timeline.refresh')}
        </button>
      </div>
      <LoadState of={timeline} count={timeline.data?.entries.length} empty={t('timeline.empty')} />
      {timeline.data && timeline.data.entries.length > 0 && (
        <ol className="ws-timeline__entries">
          {timeline.data.entries.map((entry, index) => {
            const journey = journeyName(entry.journeyId);
            const { text, detail } = describe(entry, journey, t);
            return (
              <li key={`${entry.at}-${index}`} className={`ws-timeline__entry ws-timeline__entry--${entry.type}`}>
                <time dateTime={entry.at}>{format.dateTimeSeconds(entry.at)}</time>
                <span className="ws-timeline__type">{t(`timeline.types.${entry.type}`)}</span>
                <div className="ws-timeline__text">
                  <p>{text}</p>
                  {detail && <p className="ws-timeline__detail">{detail}</p>}
                  {entry.type !== 'enrolled' && <p className="ws-timeline__journey">{journey}</p>}
                  {entry.type === 'enrolled' && entry.temporalUrl && (
                    <a href={entry.temporalUrl} target="_blank" rel="noreferrer" aria-label={t('timeline.temporalLabel', { journey })}>
                      {t('timeline.temporal')}
                    </a>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
