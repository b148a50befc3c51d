import type { JourneyDefinition, JourneyEdge, JourneyNode } from '@trellis/journey';
import { temporal } from 'zundo';
import { createStore } from 'zustand/vanilla';

export type Position = { x: number; y: number };

/** The key React Flow and the editor use for an edge: one port leads to one node. */
export const edgeKey = (edge: Pick<JourneyEdge, 'from' | 'port' | 'to'>) => `${edge.from}:${edge.port}->${edge.to}`;

export interface DraftState {
  definition: JourneyDefinition;
  load(definition: JourneyDefinition): void;
  replace(definition: JourneyDefinition): void;
  rename(name: string): void;
  setSettings(settings: Record<string, unknown> | undefined): void;
  addNode(type: string, position: Position, config: Record<string, unknown>): string;
  updateConfig(nodeId: string, config: Record<string, unknown>): void;
  moveNodes(positions: ReadonlyMap<string, Position>): void;
  connect(edge: JourneyEdge): void;
  /** Leaves a node's port unconnected. */
  disconnect(from: string, port: string): void;
  remove(nodeIds: readonly string[], edgeKeys: readonly string[]): void;
  /** Adds copies of nodes (new ids) and the edges between them; returns the new ids. */
  paste(nodes: readonly JourneyNode[], edges: readonly JourneyEdge[], offset: Position): string[];
}

/** Readable, unique ids: `wait_delay_3`, the type's words and the first free number. */
export function freeNodeId(type: string, taken: ReadonlySet<string>): string {
  const stem = type.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 56);
  for (let n = 1; ; n++) {
    const id = `${stem}_${n}`;
    if (!taken.has(id)) return id;
  }
}

/** Typing into one field is one undo step, not one per key. */
const configBurstMs = 1000;

/**
 * The draft being edited, with undo/redo over the definition (zundo keeps past states; loading
 * clears them). Positions are committed when a drag ends, so a drag is one step too.
 */
export function createDraftStore(initial: JourneyDefinition) {
  let lastConfigEdit = { nodeId: '', at: 0 };
  const store = createStore<DraftState>()(
    temporal(
      (set, get) => {
        const change = (definition: JourneyDefinition) => set({ definition });
        return {
          definition: initial,
          load: (definition) => {
            set({ definition });
            store.temporal.getState().clear();
          },
          replace: (definition) => change(definition),
          rename: (name) => change({ ...get().definition, name }),
          setSettings: (settings) => {
            const { settings: _old, ...rest } = get().definition;
            change(settings ? { ...rest, settings } : rest);
          },
          addNode: (type, position, config) => {
            const { definition } = get();
            const id = freeNodeId(type, new Set(definition.nodes.map((node) => node.id)));
            change({ ...definition, nodes: [...definition.nodes, { id, type, config, position }] });
            return id;
          },
          updateConfig: (nodeId, config) => {
            const now = Date.now();
            const burst = lastConfigEdit.nodeId === nodeId && now - lastConfigEdit.at < configBurstMs;
            lastConfigEdit = { nodeId, at: now };
            const { definition } = get();
            const next = { ...definition, nodes: definition.nodes.map((node) => (node.id === nodeId ? { ...node, config } : node)) };
            if (!burst) return change(next);
            const history = store.temporal.getState();
            history.pause();
            change(next);
            history.resume();
          },
          moveNodes: (positions) => {
            const { definition } = get();
            change({ ...definition, nodes: definition.nodes.map((node) => (positions.has(node.id) ? { ...node, position: positions.get(node.id) } : node)) });
          },
          connect: (edge) => {
            const { definition } = get();
            const others = definition.edges.filter((existing) => !(existing.from === edge.from && existing.port === edge.port));
            change({ ...definition, edges: [...others, edge] });
          },
          disconnect: (from, port) => {
            const { definition } = get();
            change({ ...definition, edges: definition.edges.filter((edge) => !(edge.from === from && edge.port === port)) });
          },
          remove: (nodeIds, edgeKeys) => {
            const { definition } = get();
            const nodes = new Set(nodeIds);
            const edges = new Set(edgeKeys);
            change({
              ...definition,
              nodes: definition.nodes.filter((node) => !nodes.has(node.id)),
              edges: definition.edges.filter((edge) => !edges.has(edgeKey(edge)) && !nodes.has(edge.from) && !nodes.has(edge.to)),
            });
          },
          paste: (nodes, edges, offset) => {
            const { definition } = get();
            const taken = new Set(definition.nodes.map((node) => node.id));
            const renamed = new Map<string, string>();
            const copies = nodes.map((node) => {
              const id = freeNodeId(node.type, taken);
              taken.add(id);
              renamed.set(node.id, id);
              const at = node.position ?? { x: 0, y: 0 };
              return { ...node, id, config: structuredClone(node.config), position: { x: at.x + offset.x, y: at.y + offset.y } };
            });
            const copiedEdges = edges.flatMap((edge) => {
              const from = renamed.get(edge.from);
              const to = renamed.get(edge.to);
              return from && to ? [{ from, port: edge.port, to }] : [];
            });
            change({ ...definition, nodes: [...definition.nodes, ...copies], edges: [...definition.edges, ...copiedEdges] });
            return copies.map((copy) => copy.id);
          },
        };
      },
      { partialize: (state) => ({ definition: state.definition }), equality: (past, current) => past.definition === current.definition, limit: 200 },
    ),
  );
  return store;
}

export type DraftStore = ReturnType<typeof createDraftStore>;
