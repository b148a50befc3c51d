import { useEffect } from 'react';

export interface Shortcuts {
  undo(): void;
  redo(): void;
  copy(): void;
  paste(): void;
  selectAll(): void;
  layout(): void;
}

/** Typing in a field keeps its own undo and copy; shortcuts apply to the canvas. */
function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName));
}

/** Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Ctrl/⌘+C/V copy and paste nodes, Ctrl/⌘+A select all, Shift+L auto-layout. */
export function useShortcuts(shortcuts: Shortcuts, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (typingIn(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const action =
        mod && key === 'z' && !event.shiftKey ? shortcuts.undo
        : (mod && key === 'z' && event.shiftKey) || (mod && key === 'y') ? shortcuts.redo
        : mod && key === 'c' ? shortcuts.copy
        : mod && key === 'v' ? shortcuts.paste
        : mod && key === 'a' ? shortcuts.selectAll
        : !mod && event.shiftKey && key === 'l' ? shortcuts.layout
        : undefined;
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [shortcuts, enabled]);
}
