import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useSession } from '../../session/session';
import { formatTime } from '../../ui/format';
import { downloadCsv, type CsvTable } from './csv-download';
import { EnrollmentInspector } from './EnrollmentInspector';
import { ExperimentResults } from './ExperimentResults';
import type { LiveFilter } from './live-api';
import { LiveFilterBar } from './LiveFilterBar';
import { LiveNodes } from './LiveNodes';
import { LiveTotals } from './LiveTotals';
import { useLiveStats, type LiveStats } from './useLiveStats';
import './live.css';

export interface LivePanelProps {
  journeyId: string;
  /** The node selected on the canvas: shown in detail, its split first, its enrolments listed. */
  selectedNodeId?: string | null;
  /** A node picked in the panel (the node table), for the canvas to select and show. */
  onSelectNode?: (nodeId: string) => void;
  /** A node's name for people (its title on the canvas); the node id otherwise. */
  nodeLabel?: (nodeId: string) => string | undefined;
  /** A port's name for people (a split arm's label); the port id otherwise. */
  portLabel?: (nodeId: string, port: string) => string | undefined;
  /**
   * The screen's own `useLiveStats` result, so the canvas badges and the panel share one poll.
   * Pass `filter` and `onFilterChange` with it (the filter the screen gave `useLiveStats`).
   * Without it the panel polls on its own.
   */
  live?: LiveStats;
  filter?: LiveFilter;
  onFilterChange?: (filter: LiveFilter) => void;
  onClose?: () => void;
}

/** The journey's live view: totals, exits, nodes, A/B results, who waits where, and CSV exports. */
export function LivePanel({ journeyId, selectedNodeId, onSelectNode, nodeLabel, portLabel, live: given, filter: givenFilter, onFilterChange, onClose }: LivePanelProps) {
  const { t, i18n } = useTranslation('live');
  const { api, can } = useSession();
  const [ownFilter, setOwnFilter] = useState<LiveFilter>({});
  const filter = givenFilter ?? ownFilter;
  const setFilter = onFilterChange ?? setOwnFilter;
  const allowed = can('journeys:read');
  const own = useLiveStats(journeyId, { ...filter, enabled: allowed && !given });
  const live = given ?? own;
  const { stats } = live;
  const [exporting, setExporting] = useState<CsvTable | null>(null);
  const [exportError, setExportError] = useState<Error | null>(null);

  const exportCsv = (table: CsvTable) => {
    setExporting(table);
    setExportError(null);
    downloadCsv(api, journeyId, table, filter)
      .catch((error: unknown) => setExportError(error instanceof Error ? error : new Error(String(error))))
      .finally(() => setExporting(null));
  };

  return (
    <aside className="live-panel" aria-labelledby="live-panel-title">
      <header className="live-panel__head">
        <h2 id="live-panel-title">{t('title')}</h2>
        <span className="live-hint" aria-live="polite">
          {live.paused ? t('status.paused') : live.refreshedAt ? t('status.updated', { time: formatTime(live.refreshedAt, i18n.language) }) : null}
        </span>
        <button type="button" className="live-button" onClick={live.refresh} disabled={!allowed || live.loading}>
          {t('refresh')}
        </button>
        {onClose && (
          <button type="button" className="live-button" onClick={onClose}>
            {t('close')}
          </button>
        )}
      </header>
      {!allowed ? (
        <p className="live-hint">{t('notAllowed')}</p>
      ) : (
        <>
          <LiveFilterBar journeyId={journeyId} filter={filter} onChange={setFilter} />
          {live.error && (
            <p className="live-error" role="alert">
              {live.error instanceof ApiError && live.error.status === 403 ? t('notAllowed') : t('status.failed', { message: live.error.message })}
            </p>
          )}
          {!stats && !live.error && <p className="live-hint">{t('loading')}</p>}
          {stats && stats.nodes.length === 0 && <p className="live-hint">{t('notPublished')}</p>}
          {stats && (
            <>
              <p className="live-hint">{t('periodNote')}</p>
              <LiveTotals stats={stats} />
              <LiveNodes overlay={live.overlay} selectedNodeId={selectedNodeId} onSelectNode={onSelectNode} nodeLabel={nodeLabel} portLabel={portLabel} />
              <ExperimentResults experiments={live.experiments} nodeLabel={nodeLabel} armLabel={portLabel} selectedNodeId={selectedNodeId} />
            </>
          )}
          <EnrollmentInspector journeyId={journeyId} selectedNodeId={selectedNodeId} nodeLabel={nodeLabel} />
          <section className="live-section" aria-labelledby="live-export">
            <h3 id="live-export">{t('export.heading')}</h3>
            <div className="live-actions">
              <button type="button" className="live-button" onClick={() => exportCsv('stats')} disabled={exporting !== null}>
                {exporting === 'stats' ? t('export.working') : t('export.stats')}
              </button>
              <button type="button" className="live-button" onClick={() => exportCsv('experiments')} disabled={exporting !== null}>
                {exporting === 'experiments' ? t('export.working') : t('export.experiments')}
              </button>
            </div>
            {exportError && (
              <p className="live-error" role="alert">
                {t('export.failed', { message: exportError.message })}
              </p>
            )}
          </section>
        </>
      )}
    </aside>
  );
}
