import { useTranslation } from 'react-i18next';
import { formatNumber, formatRate } from '../../ui/format';
import type { NodeOverlay } from './node-overlay';

export interface LiveNodesProps {
  overlay: Record<string, NodeOverlay>;
  selectedNodeId?: string | null;
  onSelectNode?: (nodeId: string) => void;
  nodeLabel?: (nodeId: string) => string | undefined;
  portLabel?: (nodeId: string, port: string) => string | undefined;
}

/** The selected node in full, and every node in a table to pick one from (where are people stuck?). */
export function LiveNodes({ overlay, selectedNodeId, onSelectNode, nodeLabel, portLabel }: LiveNodesProps) {
  const { t, i18n } = useTranslation('live');
  const locale = i18n.language;
  const exact = (value: number) => formatNumber(value, locale);
  const nameOf = (nodeId: string) => nodeLabel?.(nodeId) ?? nodeId;
  const selected = selectedNodeId ? overlay[selectedNodeId] : undefined;
  const nodes = Object.values(overlay);
  return (
    <section className="live-section" aria-labelledby="live-nodes">
      <h3 id="live-nodes">{t('nodes.heading')}</h3>
      {selected && (
        <div className="live-node-detail">
          <h4>{nameOf(selected.nodeId)}</h4>
          <dl className="live-metrics">
            <div>
              <dt>{t('nodes.entered')}</dt>
              <dd>{exact(selected.entered)}</dd>
            </div>
            <div>
              <dt title={t('nodes.reachedHint')}>{t('nodes.reached')}</dt>
              <dd>{exact(selected.reached)}</dd>
            </div>
            <div>
              <dt>{t('nodes.waiting')}</dt>
              <dd>{exact(selected.waiting)}</dd>
            </div>
            <div>
              <dt>{t('nodes.exited')}</dt>
              <dd>{exact(selected.exited)}</dd>
            </div>
            <div>
              <dt>{t('nodes.errors')}</dt>
              <dd className={selected.errors ? 'live-error' : undefined}>{exact(selected.errors)}</dd>
            </div>
          </dl>
          {selected.ports.length > 0 && (
            <>
              <h5>{t('nodes.departures')}</h5>
              <ul className="live-bars">
                {selected.ports.map((port) => (
                  <li key={port.port}>
                    <span className="live-bars__label">{portLabel?.(selected.nodeId, port.port) ?? port.port}</span>
                    <span className="live-bars__track" aria-hidden="true">
                      <span className="live-bars__fill" style={{ width: `${(port.share ?? 0) * 100}%` }} />
                    </span>
                    <span className="live-bars__value">
                      {exact(port.count)}
                      {selected.divides && port.share !== null && <span className="live-hint"> ({formatRate(port.share, locale)})</span>}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <table className="live-table">
        <thead>
          <tr>
            <th scope="col">{t('nodes.node')}</th>
            <th scope="col">{t('nodes.entered')}</th>
            <th scope="col">{t('nodes.waiting')}</th>
            <th scope="col">{t('nodes.errors')}</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => (
            <tr key={node.nodeId} className={node.nodeId === selectedNodeId ? 'is-selected' : undefined} aria-current={node.nodeId === selectedNodeId ? true : undefined}>
              <th scope="row">
                {onSelectNode && node.type !== null ? (
                  <button type="button" className="live-link" onClick={() => onSelectNode(node.nodeId)}>
                    {nameOf(node.nodeId)}
                  </button>
                ) : (
                  <span>{nameOf(node.nodeId)}</span>
                )}
                {node.type === null && <span className="live-tag">{t('nodes.olderVersion')}</span>}
              </th>
              <td>{exact(node.entered)}</td>
              <td>{exact(node.waiting)}</td>
              <td className={node.errors ? 'live-error' : undefined}>{exact(node.errors)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
