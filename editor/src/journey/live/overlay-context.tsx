import { createContext, useContext, type ReactNode } from 'react';
import type { NodeOverlay } from './node-overlay';

/**
 * The live numbers reach canvas nodes through context rather than node `data`: node data is the
 * journey being edited (saved, undone, redone), and a poll every few seconds must not become an
 * edit.
 */
const LiveOverlayContext = createContext<Record<string, NodeOverlay> | null>(null);

export function LiveOverlayProvider({ overlay, children }: { overlay: Record<string, NodeOverlay> | null | undefined; children: ReactNode }) {
  return <LiveOverlayContext.Provider value={overlay ?? null}>{children}</LiveOverlayContext.Provider>;
}

/** The node's live numbers, or undefined when the live view is off or the node has none yet. */
export function useNodeOverlay(nodeId: string): NodeOverlay | undefined {
  return useContext(LiveOverlayContext)?.[nodeId];
}
