import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { Connection as MongoConnection } from 'mongoose';
import { connectMongo } from '@trellis/runtime';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lib/ports';
import { ferretdb, temporalDevServer } from '../lib/services';
import { Supervisor } from '../lib/supervisor';
import { ensureFerretdb, ensureTemporal } from '../lib/toolchain';
import { RunningApi, startApi, workerProcess } from '../test/harness';

export { inParallel } from '../test/harness';

export const journeyTaskQueue = 'bench-journeys';
export const bareTaskQueue = 'bench-bare';

/**
 * The whole runtime for benchmarks, on servers of its own: FerretDB, a Temporal dev server, the
 * API in this process, the journey worker in its own (so its memory can be read), and a bare
 * worker for the baselines on the same Temporal server.
 */
export class RuntimeStack {
  private constructor(
    private readonly supervisor: Supervisor,
    private readonly dataDir: string,
    readonly api: RunningApi,
    readonly temporal: Client,
    readonly mongo: MongoConnection,
    private readonly bare: { worker: Worker; running: Promise<void>; connection: NativeConnection },
    private readonly ferretdbDebugUrl: string,
  ) {}

  static async start(): Promise<RuntimeStack> {
    await Promise.all([ensureTemporal(), ensureFerretdb()]);
    const dataDir = mkdtempSync(join(tmpdir(), 'trellis-bench-'));
    const supervisor = new Supervisor(['ferretdb', 'temporal', 'worker']);
    const [mongoPort, debugPort, temporalPort, httpPort, metricsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    await supervisor.start(ferretdb({ dataDir: join(dataDir, 'ferretdb'), port: mongoPort, debugPort, quiet: true }));
    await supervisor.start(temporalDevServer({ dataDir: join(dataDir, 'temporal'), port: temporalPort, httpPort, metricsPort, namespace: 'default', quiet: true }));
    const mongoUri = `mongodb://127.0.0.1:${mongoPort}/bench`;
    const temporalAddress = `127.0.0.1:${temporalPort}`;
    await supervisor.start(workerProcess({ mongoUri, temporalAddress, taskQueue: journeyTaskQueue }));
    const api = await startApi({ mongoUri, temporalAddress, taskQueue: journeyTaskQueue });
    api.app.useLogger(['error']);
    const connection = await NativeConnection.connect({ address: temporalAddress });
    const worker = await Worker.create({ connection, taskQueue: bareTaskQueue, workflowsPath: require.resolve('./trivial.workflow') });
    const running = worker.run();
    const temporal = new Client({ connection: await Connection.connect({ address: temporalAddress }) });
    const mongo = await connectMongo(mongoUri);
    return new RuntimeStack(supervisor, dataDir, api, temporal, mongo, { worker, running, connection }, `http://127.0.0.1:${debugPort}`);
  }

  /** Resident memory of the journey worker process, in MB. */
  workerRssMb(): number {
    return this.supervisor.rssMb('worker');
  }

  /** Commands FerretDB has answered so far, by command name (from its Prometheus metrics). */
  async ferretdbCommands(): Promise<Map<string, number>> {
    const text = await (await fetch(`${this.ferretdbDebugUrl}/debug/metrics`)).text();
    const counts = new Map<string, number>();
    for (const match of text.matchAll(/^ferretdb_client_requests_total\{([^}]*)\} (\d+)/gm)) {
      const command = /command="([^"]*)"/.exec(match[1]!)?.[1] ?? '?';
      counts.set(command, (counts.get(command) ?? 0) + Number(match[2]));
    }
    return counts;
  }

  /** Bytes Temporal's SQLite files take now (database and write-ahead log). */
  temporalStorageBytes(): number {
    const file = join(this.dataDir, 'temporal', 'temporal.sqlite');
    return [file, `${file}-wal`].reduce((sum, path) => sum + (statSync(path, { throwIfNoEntry: false })?.size ?? 0), 0);
  }

  async stop(): Promise<void> {
    this.bare.worker.shutdown();
    await this.bare.running;
    await this.bare.connection.close();
    await this.temporal.connection.close();
    await this.api.close();
    await this.mongo.close();
    await this.supervisor.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * Polls until `check` is true, for effects a benchmark cannot be told about. Seldom: a check
 * that counts documents scans them on FerretDB, and would load the server being measured.
 */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30 * 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`benchmark timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
