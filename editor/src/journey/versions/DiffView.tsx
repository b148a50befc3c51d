import { Background, Controls, ReactFlow, ReactFlowProvider, type NodeTypes } from '@xyflow/react';
import type { JourneyDefinition, NodeDescriptor } from '@trellis/journey';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { JourneyNodeView } from '../JourneyNodeView';
import { layoutTopDown } from '../layout';
import { toFlow } from '../to-flow';
import { diffGraph } from './diff-graph';

const nodeTypes: NodeTypes = { journey: JourneyNodeView };

/** A version against the draft, drawn as one read-only graph with added, removed and changed nodes marked. */
export function DiffView({ version, before, after, catalogue, onClose }: { version: number; before: JourneyDefinition; after: JourneyDefinition; catalogue: readonly NodeDescriptor[]; onClose: () => void }) {
  const { t } = useTranslation('journey');
  const dialog = useRef<HTMLDialogElement>(null);
  const { flow, diff } = useMemo(() => {
    const graph = diffGraph(before, after);
    const flow = toFlow(graph.definition, catalogue, graph.annotations);
    // A version published before it was ever laid out has no positions: lay the whole picture out.
    const unplaced = graph.definition.nodes.some((node) => !node.position);
    return { flow: unplaced ? { ...flow, nodes: layoutTopDown(flow.nodes, flow.edges) } : flow, diff: graph.diff };
  }, [before, after, catalogue]);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const fieldsOf = new Map(diff.changed.map((node) => [node.id, node.fields]));
  return (
    <dialog ref={dialog} className="dialog dialog--wide" aria-labelledby="diff-title" onCancel={onClose}>
      <header className="dialog__header">
        <h2 id="diff-title">{t('versions.diffTitle', { version })}</h2>
        <ul className="diff-legend" aria-label={t('versions.legend')}>
          <li className="diff-added">{t('versions.added', { count: diff.added.length })}</li>
          <li className="diff-removed">{t('versions.removed', { count: diff.removed.length })}</li>
          <li className="diff-changed">{t('versions.changed', { count: diff.changed.length })}</li>
        </ul>
        <button type="button" onClick={onClose}>
          {t('common:close')}
        </button>
      </header>
      <div className="diff-body">
        <div className="diff-canvas" data-testid="diff-canvas">
          <ReactFlowProvider>
            <ReactFlow nodes={flow.nodes} edges={flow.edges} nodeTypes={nodeTypes} nodesDraggable={false} nodesConnectable={false} fitView fitViewOptions={{ padding: 0.2, maxZoom: 1 }} proOptions={{ hideAttribution: true }}>
              <Background />
              <Controls showInteractive={false} />
            </ReactFlow>
          </ReactFlowProvider>
        </div>
        <ul className="diff-list" aria-label={t('versions.changes')}>
          {diff.added.map((id) => (
            <li key={`+${id}`} className="diff-added">+ {id}</li>
          ))}
          {diff.removed.map((id) => (
            <li key={`-${id}`} className="diff-removed">− {id}</li>
          ))}
          {diff.changed.map((node) => (
            <li key={`~${node.id}`} className="diff-changed">
              ~ {node.id}: {(fieldsOf.get(node.id) ?? []).join(', ')}
            </li>
          ))}
          {diff.edgesAdded.map((edge) => (
            <li key={`+${edge.from}${edge.port}${edge.to}`} className="diff-added">
              + {edge.from} → {edge.to} ({edge.port})
            </li>
          ))}
          {diff.edgesRemoved.map((edge) => (
            <li key={`-${edge.from}${edge.port}${edge.to}`} className="diff-removed">
              − {edge.from} → {edge.to} ({edge.port})
            </li>
          ))}
          {diff.settingsChanged && <li className="diff-changed">~ {t('versions.settings')}</li>}
          {diff.renamed && <li className="diff-changed">~ {t('versions.renamed', diff.renamed)}</li>}
        </ul>
      </div>
    </dialog>
  );
}
