import { FunnelRow, FunnelStep, JourneyStats } from '@trellis/journey';
import { stringify } from 'csv-stringify/sync';
import { DeliveryRow } from './journey-analytics.service';

/**
 * The analytics as CSV, one table per answer, for spreadsheets: node stats (one row per node,
 * ports as `port:<name>` columns), A/B results (one row per arm), funnels and delivery.
 */
export function nodeStatsCsv(stats: JourneyStats): string {
  const ports = [...new Set(stats.nodes.flatMap((node) => Object.keys(node.ports)))];
  return stringify(
    stats.nodes.map((node) => [node.id, node.type ?? '', node.entered, node.reached, node.waiting, node.exited, node.errors, ...ports.map((port) => node.ports[port] ?? '')]),
    { header: true, columns: ['node', 'type', 'entered', 'reached', 'waiting', 'exited', 'errors', ...ports.map((port) => `port:${port}`)] },
  );
}

export function experimentsCsv(stats: JourneyStats): string {
  const rows = stats.experiments.flatMap(({ nodeId, experimentId, result }) =>
    result.arms.map((arm) => {
      const comparison = arm.comparison;
      const measured = comparison?.enoughData ? comparison : undefined;
      return [
        nodeId,
        experimentId,
        arm.id,
        arm.holdout,
        arm.control,
        arm.contacts,
        arm.conversions,
        arm.rate ?? '',
        measured?.difference ?? '',
        measured?.interval[0] ?? '',
        measured?.interval[1] ?? '',
        measured?.pValue ?? '',
        comparison && !comparison.enoughData ? comparison.reason : '',
      ];
    }),
  );
  return stringify(rows, {
    header: true,
    // true / false rather than the library's 1 / empty, so the file reads the same as the JSON.
    cast: { boolean: (value) => String(value) },
    columns: ['node', 'experiment', 'arm', 'holdout', 'control', 'contacts', 'conversions', 'rate', 'difference', 'ci95_low', 'ci95_high', 'p_value', 'note'],
  });
}

const stepName = (step: FunnelStep) => ('goal' in step ? 'goal' : 'port' in step ? `port:${step.node}:${step.port}` : `node:${step.node}`);

export function funnelCsv(rows: readonly FunnelRow[]): string {
  return stringify(
    rows.map((row) => [stepName(row.step), row.count, row.dropOff, row.fromPrevious ?? '', row.fromFirst ?? '']),
    { header: true, columns: ['step', 'count', 'drop_off', 'from_previous', 'from_first'] },
  );
}

export function deliveryCsv(rows: readonly DeliveryRow[]): string {
  const skipped = [...new Set(rows.flatMap((row) => Object.keys(row.skipped)))].sort();
  return stringify(
    rows.map((row) => [row.nodeId, row.channel, row.sends, row.sent, row.delivered, row.queued, row.deferred, row.failed, row.unsubscribes, ...skipped.map((reason) => row.skipped[reason] ?? 0)]),
    { header: true, columns: ['node', 'channel', 'sends', 'sent', 'delivered', 'queued', 'deferred', 'failed', 'unsubscribes', ...skipped.map((reason) => `skipped:${reason}`)] },
  );
}
