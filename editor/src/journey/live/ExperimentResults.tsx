import type { ArmResult, ExperimentResult } from '@trellis/journey';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { formatNumber, formatPoints, formatPValue, formatRate } from '../../ui/format';
import { armBars, hasVerdict, shortfall, type ArmBar, type DataShortfall } from './experiment-view';
import type { SplitExperiment } from './live-api';

const colours = { control: '#9aa5b1', arm: '#2563eb', better: '#047857', worse: '#b91c1c' };

export interface ExperimentResultsProps {
  experiments: SplitExperiment[];
  nodeLabel?: (nodeId: string) => string | undefined;
  armLabel?: (nodeId: string, armId: string) => string | undefined;
  /** The split shown first (the node selected on the canvas). */
  selectedNodeId?: string | null;
}

/** Every split's A/B result: conversion rate per arm with its 95% interval, and each arm against the control. */
export function ExperimentResults({ experiments, nodeLabel, armLabel, selectedNodeId }: ExperimentResultsProps) {
  const { t } = useTranslation('live');
  const ordered = [...experiments].sort((a, b) => Number(b.nodeId === selectedNodeId) - Number(a.nodeId === selectedNodeId));
  return (
    <section className="live-section" aria-labelledby="live-experiments">
      <h3 id="live-experiments">{t('ab.heading')}</h3>
      {ordered.length === 0 ? (
        <p className="live-hint">{t('ab.none')}</p>
      ) : (
        ordered.map((experiment) => (
          <SplitResult key={experiment.nodeId} experiment={experiment} nodeName={nodeLabel?.(experiment.nodeId) ?? experiment.nodeId} armName={(arm) => armLabel?.(experiment.nodeId, arm) ?? arm} />
        ))
      )}
      <p className="live-hint">{t('ab.method')}</p>
    </section>
  );
}

function SplitResult({ experiment, nodeName, armName }: { experiment: SplitExperiment; nodeName: string; armName: (arm: string) => string }) {
  const { t, i18n } = useTranslation('live');
  const locale = i18n.language;
  const { result } = experiment;
  const bars = armBars(result).map((bar) => ({ ...bar, name: armName(bar.arm) }));
  const charted = bars.filter((bar) => bar.ratePercent !== null);
  const waitingFor = hasVerdict(result) ? undefined : result.arms.map((arm) => shortfall(arm, result)).find(Boolean);
  const percent = (value: number) => formatRate(value / 100, locale);
  const summary = bars
    .map((bar) =>
      bar.ratePercent === null || !bar.intervalPercent
        ? t('ab.chartArmEmpty', { arm: bar.name })
        : t('ab.chartArm', { arm: bar.name, rate: percent(bar.ratePercent), low: percent(bar.intervalPercent[0]), high: percent(bar.intervalPercent[1]) }),
    )
    .join(t('aria.listSeparator'));

  return (
    <article className="live-split" aria-label={t('ab.splitLabel', { node: nodeName, experiment: experiment.experimentId })}>
      <h4>
        {nodeName} <span className="live-hint">· {experiment.experimentId}</span>
      </h4>
      {waitingFor && (
        <p className="live-notice" role="note">
          {t('ab.notEnoughData')} {shortfallSentence(waitingFor, armName, t, locale)}
        </p>
      )}
      {charted.length > 0 && (
        <figure className="live-chart" aria-label={t('ab.chartLabel', { arms: summary })}>
          <ResponsiveContainer width="100%" height={180}>
            <BarChart data={charted} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="name" tick={{ fontSize: 11 }} interval={0} />
              <YAxis tickFormatter={(value: number) => percent(value)} tick={{ fontSize: 11 }} width={44} />
              <Tooltip content={(props) => <ArmTooltip active={props.active} payload={props.payload} locale={locale} />} />
              <Bar dataKey="ratePercent" isAnimationActive={false}>
                {charted.map((bar) => (
                  <Cell key={bar.arm} fill={fillOf(bar, result)} />
                ))}
                <ErrorBar dataKey="errorPercent" width={6} strokeWidth={1.5} stroke="#1f2933" isAnimationActive={false} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
          <figcaption className="live-hint">{t('ab.chartCaption')}</figcaption>
        </figure>
      )}
      <table className="live-table">
        <thead>
          <tr>
            <th scope="col">{t('ab.arm')}</th>
            <th scope="col">{t('ab.contacts')}</th>
            <th scope="col">{t('ab.rate')}</th>
            <th scope="col">{t('ab.vsControl')}</th>
            <th scope="col">{t('ab.pValue')}</th>
          </tr>
        </thead>
        <tbody>
          {result.arms.map((arm) => (
            <tr key={arm.id}>
              <th scope="row">
                {armName(arm.id)}
                {arm.control && <span className="live-tag">{t('ab.control')}</span>}
                {arm.holdout && <span className="live-tag">{t('ab.holdout')}</span>}
              </th>
              <td>{formatNumber(arm.contacts, locale)}</td>
              <td>
                {arm.rate === null ? t('none') : formatRate(arm.rate, locale)}
                <div className="live-hint">{t('ab.conversions', { count: arm.conversions, n: formatNumber(arm.conversions, locale) })}</div>
              </td>
              <ComparisonCells arm={arm} result={result} armName={armName} />
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function fillOf(bar: ArmBar, result: ExperimentResult): string {
  if (bar.control) return colours.control;
  const comparison = result.arms.find((arm) => arm.id === bar.arm)?.comparison;
  if (comparison?.enoughData && comparison.significant) return comparison.difference > 0 ? colours.better : colours.worse;
  return colours.arm;
}

function ComparisonCells({ arm, result, armName }: { arm: ArmResult; result: ExperimentResult; armName: (arm: string) => string }) {
  const { t, i18n } = useTranslation('live');
  const locale = i18n.language;
  const comparison = arm.comparison;
  if (!comparison) return <td colSpan={2} className="live-hint">{arm.control ? t('ab.isControl') : t('none')}</td>;
  if (!comparison.enoughData) {
    const short = shortfall(arm, result);
    return (
      <td colSpan={2} className="live-hint" title={short ? shortfallSentence(short, armName, t, locale) : comparison.reason}>
        {t('ab.notEnoughData')}
      </td>
    );
  }
  const p = formatPValue(comparison.pValue, locale);
  const points = (value: number) => t('ab.points', { n: formatPoints(value, locale) });
  return (
    <>
      <td>
        <span className={comparison.significant ? (comparison.difference > 0 ? 'live-better' : 'live-error') : undefined}>{points(comparison.difference)}</span>
        <div className="live-hint">{t('ab.interval', { low: formatPoints(comparison.interval[0], locale), high: formatPoints(comparison.interval[1], locale) })}</div>
      </td>
      <td>
        {p === null ? t('ab.pBelow') : p}
        {comparison.significant && <span className="live-tag live-tag--strong">{t('ab.significant')}</span>}
      </td>
    </>
  );
}

function shortfallSentence(short: DataShortfall, armName: (arm: string) => string, t: ReturnType<typeof useTranslation<'live'>>['t'], locale: string): string {
  return t(`ab.shortfall.${short.kind}`, { arm: armName(short.arm), count: short.have, have: formatNumber(short.have, locale), need: formatNumber(short.need, locale) });
}

function ArmTooltip({ active, payload, locale }: Pick<TooltipContentProps, 'active' | 'payload'> & { locale: string }) {
  const { t } = useTranslation('live');
  const bar = payload?.[0]?.payload as (ArmBar & { name: string }) | undefined;
  if (!active || !bar || bar.ratePercent === null || !bar.intervalPercent) return null;
  const percent = (value: number) => formatRate(value / 100, locale);
  return (
    <div className="live-tooltip">
      <strong>{bar.name}</strong>
      <div>{t('ab.tooltip', { rate: percent(bar.ratePercent), low: percent(bar.intervalPercent[0]), high: percent(bar.intervalPercent[1]), n: formatNumber(bar.contacts, locale) })}</div>
    </div>
  );
}
