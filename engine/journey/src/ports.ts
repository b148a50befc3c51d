/**
 * A node's output ports, declared as data so the editor can draw them for any config, custom
 * nodes included, from the catalogue JSON alone:
 * - a fixed list, e.g. `['next']`;
 * - one port per item of a config list (branches, split arms), optionally skipping items with a
 *   truthy flag (a holdout arm has no path) and followed by fixed ports (`else`);
 * - one of two fixed lists, depending on whether a config field is set (a hand-off that waits
 *   for resolution has `resolved` / `timedOut` instead of `next`).
 */
export type PortDeclaration =
  | readonly string[]
  | { readonly fromList: string; readonly key: string; readonly skipWhen?: string; readonly then?: readonly string[] }
  | { readonly ifSet: string; readonly then: readonly string[]; readonly otherwise: readonly string[] };

function field(config: unknown, name: string): unknown {
  return config !== null && typeof config === 'object' ? (config as Record<string, unknown>)[name] : undefined;
}

/** The ports a node with this config has, in drawing order, without duplicates. */
export function portsOf(declaration: PortDeclaration, config: unknown): string[] {
  if (Array.isArray(declaration)) return [...declaration];
  if ('ifSet' in declaration) {
    const value = field(config, declaration.ifSet);
    return [...(value === undefined || value === null || value === false ? declaration.otherwise : declaration.then)];
  }
  const { fromList, key, skipWhen, then = [] } = declaration as Extract<PortDeclaration, { fromList: string }>;
  const items = field(config, fromList);
  const ports: string[] = [];
  for (const item of Array.isArray(items) ? items : []) {
    if (skipWhen && field(item, skipWhen)) continue;
    const port = field(item, key);
    if (typeof port === 'string' && port && !ports.includes(port)) ports.push(port);
  }
  for (const port of then) if (!ports.includes(port)) ports.push(port);
  return ports;
}
