import { describeNode } from '@trellis/journey';
import { readdirSync, statSync } from 'node:fs';
import Module from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { AnyActionNodeSpec } from '../define-action-node';
import { isNodeDefinition } from '../define-node';

/** Where custom nodes come from: `TRELLIS_NODES_DIR` and `TRELLIS_NODES`. */
export interface CustomNodeSources {
  /** A folder of node files (`*.ts`, `*.js`), one node or more per file; tests and `.d.ts` files are skipped. */
  dir?: string;
  /** npm packages whose exports are nodes, resolved from the working directory. */
  packages?: readonly string[];
}

/** A file or package that was skipped, and why. */
export interface CustomNodeProblem {
  source: string;
  reason: string;
}

export interface LoadedCustomNodes {
  nodes: AnyActionNodeSpec[];
  problems: CustomNodeProblem[];
}

export interface LoadCustomNodesOptions {
  /** Node types already taken (the built-in ones): a custom node may not reuse one. */
  taken?: Iterable<string>;
  /** Told once per skipped file or package; a warning on the console by default. */
  report?: (line: string, problem: CustomNodeProblem) => void;
}

export function customNodeSourcesFromEnv(env: NodeJS.ProcessEnv = process.env): CustomNodeSources {
  const packages = (env.TRELLIS_NODES ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return { ...(env.TRELLIS_NODES_DIR?.trim() ? { dir: env.TRELLIS_NODES_DIR.trim() } : {}), ...(packages.length ? { packages } : {}) };
}

const nodeFile = /\.(ts|cts|js|cjs)$/;
const notNodeFile = /(\.d\.ts|\.(spec|test)\.[cm]?[jt]s)$/;
/**
 * A node file imports these from the process that loads it, wherever the file lives: its zod
 * schemas and `defineNode` result are then the very ones the catalogue reads (a plugin's peers).
 */
const hostModules = ['@trellis/nodes', '@trellis/journey', 'zod'];

/** tsx's CommonJS API (its types need a newer module resolution than the engine's). */
interface TsxCjsApi {
  register(): () => void;
}

type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;

/**
 * Loads custom nodes, TypeScript through tsx. Never throws: a file or package that fails to load,
 * exports no `defineNode` result, has a config schema the editor cannot draw, or reuses a taken
 * type is reported (one line naming it and why) and skipped, so the built-in nodes keep working.
 */
export function loadCustomNodes(sources: CustomNodeSources, options: LoadCustomNodesOptions = {}): LoadedCustomNodes {
  const report = options.report ?? ((line: string) => console.warn(line));
  const owners = new Map<string, string>([...(options.taken ?? [])].map((type) => [type, 'a built-in node']));
  const loaded: LoadedCustomNodes = { nodes: [], problems: [] };
  const skip = (source: string, reason: string) => {
    const problem = { source, reason: reason.replace(/\s+/g, ' ').trim().slice(0, 500) };
    loaded.problems.push(problem);
    report(`custom node ${source} skipped: ${problem.reason}`, problem);
  };
  const entries: { source: string; load: () => unknown }[] = [];
  if (sources.dir) {
    const dir = resolve(sources.dir);
    let files: string[] = [];
    try {
      files = readdirSync(dir)
        .filter((name) => nodeFile.test(name) && !notNodeFile.test(name) && statSync(join(dir, name)).isFile())
        .sort();
    } catch (error) {
      skip(dir, `TRELLIS_NODES_DIR cannot be read: ${messageOf(error)}`);
    }
    for (const name of files) entries.push({ source: join(dir, name), load: () => loadModule(join(dir, name)) });
  }
  for (const name of sources.packages ?? []) {
    let main: string;
    try {
      main = require.resolve(name, { paths: [process.cwd(), __dirname] });
    } catch {
      skip(name, `the package cannot be found from ${process.cwd()}: install it where the API and the worker run`);
      continue;
    }
    entries.push({ source: name, load: () => loadModule(main) });
  }
  for (const { source, load } of entries) {
    let exported: unknown;
    try {
      exported = load();
    } catch (error) {
      skip(source, `it threw while loading: ${messageOf(error)}`);
      continue;
    }
    const nodes = nodesIn(exported);
    if (!nodes.length) {
      skip(source, 'it exports no node: export the result of defineNode() from @trellis/nodes (export default defineNode({ … }))');
      continue;
    }
    for (const node of nodes) {
      const owner = owners.get(node.type);
      if (owner) {
        skip(source, `node type "${node.type}" is already defined by ${owner}`);
        continue;
      }
      try {
        // The editor draws the config form from this JSON Schema: a schema it cannot describe is refused now, not in the browser.
        describeNode(node);
      } catch (error) {
        skip(source, `the config schema of "${node.type}" has no JSON Schema: ${messageOf(error)}`);
        continue;
      }
      owners.set(node.type, source);
      loaded.nodes.push(node);
    }
  }
  return loaded;
}

/** The nodes a module exports: its default export and named exports, single or in arrays. */
function nodesIn(exported: unknown): AnyActionNodeSpec[] {
  const found = new Set<AnyActionNodeSpec>();
  const visit = (value: unknown) => {
    if (isNodeDefinition(value)) found.add(value);
    else if (Array.isArray(value)) value.forEach((item) => isNodeDefinition(item) && found.add(item));
  };
  visit(exported);
  if (typeof exported === 'object' && exported !== null) Object.values(exported).forEach(visit);
  return [...found];
}

function loadModule(file: string): unknown {
  const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };
  const original = moduleInternals._resolveFilename;
  let resolvingHost = false;
  moduleInternals._resolveFilename = function (this: unknown, request, parent, isMain, options) {
    if (resolvingHost || !hostModules.some((name) => request === name || request.startsWith(`${name}/`))) return original.call(this, request, parent, isMain, options);
    // Resolved as this file would resolve it (which comes back through here, hence the flag).
    resolvingHost = true;
    try {
      return require.resolve(request, { paths: [__dirname] });
    } finally {
      resolvingHost = false;
    }
  };
  // tsx compiles TypeScript files as they are required; plain JavaScript needs nothing.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a TypeScript node is
  const unregister = /\.c?ts$/.test(file) ? (require('tsx/cjs/api') as TsxCjsApi).register() : undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the file is only known at run time
    return require(isAbsolute(file) ? file : resolve(file));
  } finally {
    unregister?.();
    moduleInternals._resolveFilename = original;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
