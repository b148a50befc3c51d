import { Connection } from '@temporalio/client';
// From source, not dist: `npm start` loads this before it compiles the engine.
import { searchAttributeKeys } from '@trellis/runtime/src/enrollment-ref';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { canConnect } from './ports';
import { editorDir, repoRoot, viteBin } from './paths';
import { ServiceSpec } from './supervisor';
import { binaries } from './toolchain';

/** Search attributes the runtime sets; the dev server registers them at start. */
export const searchAttributeNames = Object.values(searchAttributeKeys).map((key) => key.name);

async function namespaceReady(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}

export function temporalDevServer(options: {
  dataDir: string;
  port: number;
  /** Omitted: no Web UI (tests). */
  uiPort?: number;
  httpPort: number;
  metricsPort: number;
  namespace: string;
  quiet?: boolean;
}): ServiceSpec {
  mkdirSync(options.dataDir, { recursive: true });
  const namespaces = options.namespace === 'default' ? [] : ['--namespace', options.namespace];
  return {
    name: 'temporal',
    command: binaries.temporal,
    args: [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(options.port),
      ...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort), '--ui-disable-news-fetch']),
      '--http-port', String(options.httpPort),
      '--metrics-port', String(options.metricsPort),
      '--db-filename', join(options.dataDir, 'temporal.sqlite'),
      '--sqlite-pragma', 'journal_mode=wal',
      '--log-level', 'error',
      ...namespaces,
      ...searchAttributeNames.flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
    ],
    ready: () => namespaceReady(`127.0.0.1:${options.port}`, options.namespace),
    readyTimeoutMs: 90_000,
    quiet: options.quiet,
  };
}

export function temporalTestServer(options: { port: number; quiet?: boolean }): ServiceSpec {
  return {
    name: 'temporal-test',
    command: binaries.temporalTestServer,
    args: [String(options.port), '--enable-time-skipping'],
    ready: () => canConnect(options.port),
    readyTimeoutMs: 60_000,
    quiet: options.quiet,
  };
}

export function ferretdb(options: { dataDir: string; port: number; debugPort: number; quiet?: boolean }): ServiceSpec {
  mkdirSync(options.dataDir, { recursive: true });
  return {
    name: 'ferretdb',
    command: binaries.ferretdb,
    args: [
      '--handler=sqlite',
      // Write transactions take SQLite's write lock when they begin, so concurrent writers wait
      // (busy_timeout) instead of failing with SQLITE_BUSY when a read lock cannot be upgraded.
      `--sqlite-url=file:${options.dataDir}/?_txlock=immediate&_pragma=synchronous(normal)`,
      `--state-dir=${options.dataDir}`,
      `--listen-addr=127.0.0.1:${options.port}`,
      `--debug-addr=127.0.0.1:${options.debugPort}`,
      '--telemetry=disable',
      '--log-level=error',
    ],
    ready: () => canConnect(options.port),
    readyTimeoutMs: 30_000,
    quiet: options.quiet,
  };
}

export interface AppEnv {
  apiPort: number;
  mongoUri: string;
  temporalAddress: string;
  temporalNamespace: string;
  adminToken: string;
  temporalUiUrl?: string;
}

function appEnv(env: AppEnv): NodeJS.ProcessEnv {
  return {
    API_HOST: '127.0.0.1',
    API_PORT: String(env.apiPort),
    MONGODB_URI: env.mongoUri,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_NAMESPACE: env.temporalNamespace,
    TRELLIS_ADMIN_TOKEN: env.adminToken,
    // Unsubscribe links and delivery callbacks point here; behind a proxy, set the address people reach.
    TRELLIS_PUBLIC_URL: process.env.TRELLIS_PUBLIC_URL || `http://127.0.0.1:${env.apiPort}`,
    ...(env.temporalUiUrl ? { TEMPORAL_UI_URL: env.temporalUiUrl } : {}),
    // Custom nodes, for the API's catalogue and the worker alike; a relative folder is taken from where `npm start` ran.
    ...(process.env.TRELLIS_NODES_DIR ? { TRELLIS_NODES_DIR: resolve(process.env.INIT_CWD ?? process.cwd(), process.env.TRELLIS_NODES_DIR) } : {}),
  };
}

export function api(env: AppEnv, quiet?: boolean): ServiceSpec {
  return {
    name: 'api',
    command: process.execPath,
    args: ['--enable-source-maps', join(repoRoot, 'engine/api/dist/main.js')],
    env: appEnv(env),
    // Any answer will do: /v1/health itself reports whether Temporal and Mongo are reachable.
    ready: async () => Boolean(await fetch(`http://127.0.0.1:${env.apiPort}/v1/health`)),
    readyTimeoutMs: 60_000,
    quiet,
  };
}

export function worker(env: AppEnv, quiet?: boolean): ServiceSpec {
  return {
    name: 'worker',
    command: process.execPath,
    args: ['--enable-source-maps', join(repoRoot, 'engine/runtime/dist/worker/main.js')],
    env: appEnv(env),
    ready: async () => false,
    readyLine: /^worker polling/,
    readyTimeoutMs: 120_000,
    quiet,
  };
}

export function editor(options: { port: number; apiUrl: string; mode: 'dev' | 'preview'; quiet?: boolean }): ServiceSpec {
  return {
    name: 'editor',
    command: process.execPath,
    args: [viteBin, ...(options.mode === 'preview' ? ['preview'] : []), '--host', '127.0.0.1', '--port', String(options.port), '--strictPort'],
    cwd: editorDir,
    env: { TRELLIS_API_URL: options.apiUrl },
    ready: async () => (await fetch(`http://127.0.0.1:${options.port}/`)).ok,
    readyTimeoutMs: 60_000,
    quiet: options.quiet,
  };
}
