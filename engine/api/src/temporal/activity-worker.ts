import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_CONFIG, ApiConfig, apiActivityQueue } from '../config/api-config';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- activities take whatever their workflows pass
type Activity = (...args: any[]) => Promise<unknown>;

/**
 * Runs the API's own activities (a segment sweep sends events, which enrol: work the API does)
 * for workflows on the journey worker, on a task queue of their own. No workflow code here, so
 * nothing is bundled at start. Keeps trying while Temporal is down, so the API starts anyway.
 */
@Injectable()
export class ApiActivityWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ApiActivityWorker.name);
  private readonly activities: Record<string, Activity> = {};
  private worker?: Worker;
  private running?: Promise<void>;
  private stopping = false;

  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  get taskQueue(): string {
    return apiActivityQueue(this.config);
  }

  /** Called by modules as they start, before the worker does. */
  register(activities: Record<string, Activity>): void {
    Object.assign(this.activities, activities);
  }

  onApplicationBootstrap(): void {
    if (!Object.keys(this.activities).length) return;
    quietSdkLogs();
    this.running = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let connection: NativeConnection | undefined;
      try {
        connection = await NativeConnection.connect({ address: this.config.TEMPORAL_ADDRESS });
        if (this.stopping) return;
        this.worker = await Worker.create({ connection, namespace: this.config.TEMPORAL_NAMESPACE, taskQueue: this.taskQueue, activities: this.activities });
        await this.worker.run();
      } catch (error) {
        if (!this.stopping) this.logger.warn(`activity worker stopped (${(error as Error).message}); starting again in 5 s`);
      } finally {
        this.worker = undefined;
        await connection?.close().catch(() => undefined);
      }
      if (!this.stopping) await sleep(5_000);
    }
  }

  /** Before the database connection closes: running activities see their cancellation and stop cleanly, to be retried elsewhere. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
  }
}

/**
 * The SDK logs at INFO by default, and warns that this worker has no workflows, which it never
 * will. Its runtime is one per process: when a test harness installed it already, that one stays.
 */
function quietSdkLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Installed already.
  }
}
