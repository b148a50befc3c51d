import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
  type NodeTypes,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import type { NodeDescriptor } from '@trellis/journey';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { DraftStore } from './draft-store';
import { JourneyNodeView } from './JourneyNodeView';
import { nodeSize } from './layout';
import { paletteMime } from './Palette';
import { toFlow, type JourneyFlowNode, type NodeAnnotation } from './to-flow';

const nodeTypes: NodeTypes = { journey: JourneyNodeView };
const minimapColour = (node: JourneyFlowNode) => `var(--${node.data.category === 'unknown' ? 'exit' : node.data.category})`;

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined) => a === b || (!!a && !!b && a.length === b.length && a.every((item, index) => item === b[index]));

function sameData(a: JourneyFlowNode['data'], b: JourneyFlowNode['data']): boolean {
  return (
    a.type === b.type &&
    a.title === b.title &&
    a.category === b.category &&
    a.summary === b.summary &&
    sameList(a.ports, b.ports) &&
    sameList(a.problems, b.problems) &&
    a.visited === b.visited &&
    a.current === b.current &&
    a.diff === b.diff
  );
}

/**
 * The graph rebuilt from the draft, keeping what React Flow owns: selection and measured size
 * (a node without its size is hidden and measured again — on a big journey, a visible stall after
 * every edit). A node that did not change keeps its object, so it does not render again.
 */
function carryOverNodes(next: JourneyFlowNode[], previous: readonly JourneyFlowNode[]): JourneyFlowNode[] {
  const before = new Map(previous.map((node) => [node.id, node]));
  return next.map((node) => {
    const old = before.get(node.id);
    if (!old) return node;
    if (old.position.x === node.position.x && old.position.y === node.position.y && sameData(old.data, node.data)) return old;
    return { ...node, ...(old.measured ? { measured: old.measured } : {}), ...(old.selected ? { selected: true } : {}) };
  });
}

function carryOverEdges(next: Edge[], previous: readonly Edge[]): Edge[] {
  const selected = new Set(previous.filter((edge) => edge.selected).map((edge) => edge.id));
  return selected.size === 0 ? next : next.map((edge) => (selected.has(edge.id) ? { ...edge, selected: true } : edge));
}

export interface EditorCanvasProps {
  store: DraftStore;
  catalogue: readonly NodeDescriptor[];
  annotations: ReadonlyMap<string, NodeAnnotation>;
  editable: boolean;
  onSelectionChange: (nodeIds: string[]) => void;
  onAdd: (type: string, position: { x: number; y: number }) => void;
  /** Select these nodes (select all, jump to a problem, paste); `focus` also brings them into view. */
  selectRequest?: { ids: readonly string[]; focus: boolean };
}

/**
 * The draft as React Flow draws it. The draft store is the truth; this keeps a working copy so a
 * drag moves one node per frame, and commits positions to the store (one undo step) when it ends.
 */
export function EditorCanvas({ store, catalogue, annotations, editable, onSelectionChange, onAdd, selectRequest }: EditorCanvasProps) {
  const { t } = useTranslation('journey');
  const definition = useStore(store, (state) => state.definition);
  const flow = useMemo(() => toFlow(definition, catalogue, annotations), [definition, catalogue, annotations]);
  const [nodes, setNodes] = useState<JourneyFlowNode[]>(flow.nodes);
  const [edges, setEdges] = useState<Edge[]>(flow.edges);
  const { screenToFlowPosition, fitView } = useReactFlow();
  // Fit a journey that opens with nodes; an empty one keeps its viewport, or the first drop would move it.
  const [fitOnOpen] = useState(() => definition.nodes.length > 0);

  useEffect(() => {
    setNodes((previous) => carryOverNodes(flow.nodes, previous));
    setEdges((previous) => carryOverEdges(flow.edges, previous));
  }, [flow]);

  useEffect(() => {
    if (!selectRequest) return;
    const ids = new Set(selectRequest.ids);
    setNodes((current) => current.map((node) => (node.selected === ids.has(node.id) ? node : { ...node, selected: ids.has(node.id) })));
    setEdges((current) => current.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)));
    onSelectionChange([...ids]);
    if (selectRequest.focus && ids.size > 0) void fitView({ nodes: [...ids].map((id) => ({ id })), duration: 300, maxZoom: 1, padding: 0.4 });
  }, [selectRequest, fitView, onSelectionChange]);

  const onNodesChange = useCallback((changes: NodeChange<JourneyFlowNode>[]) => {
    // Removal goes through the store (onDelete), so it can be undone.
    setNodes((current) => applyNodeChanges(changes.filter((change) => change.type !== 'remove'), current));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    setEdges((current) => applyEdgeChanges(changes.filter((change) => change.type !== 'remove'), current));
  }, []);

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: JourneyFlowNode, dragged: JourneyFlowNode[]) => {
      store.getState().moveNodes(new Map(dragged.map((node) => [node.id, { x: Math.round(node.position.x), y: Math.round(node.position.y) }])));
    },
    [store],
  );
  const onConnect = useCallback(
    (connection: Connection) => {
      store.getState().connect({ from: connection.source, port: connection.sourceHandle ?? 'next', to: connection.target });
    },
    [store],
  );
  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: JourneyFlowNode[]; edges: Edge[] }) => {
      store.getState().remove(
        gone.map((node) => node.id),
        cut.map((edge) => edge.id),
      );
    },
    [store],
  );
  const onSelection = useCallback(({ nodes: picked }: OnSelectionChangeParams) => onSelectionChange(picked.map((node) => node.id)), [onSelectionChange]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(paletteMime)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(paletteMime);
      if (!type) return;
      event.preventDefault();
      const at = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      onAdd(type, { x: Math.round(at.x - nodeSize.width / 2), y: Math.round(at.y - nodeSize.height / 2) });
    },
    [onAdd, screenToFlowPosition],
  );

  return (
    <div className="editor-canvas" onDragOver={onDragOver} onDrop={onDrop} aria-label={t('canvas.label')} role="region">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onDelete={onDelete}
        onSelectionChange={onSelection}
        isValidConnection={(connection) => connection.source !== connection.target}
        nodesDraggable={editable}
        nodesConnectable={editable}
        deleteKeyCode={editable ? ['Delete', 'Backspace'] : null}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        fitView={fitOnOpen}
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        minZoom={0.1}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <MiniMap pannable zoomable nodeColor={minimapColour} ariaLabel={t('canvas.minimap')} />
        <Controls showInteractive={false} aria-label={t('canvas.controls')} />
      </ReactFlow>
    </div>
  );
}
