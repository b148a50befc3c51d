import { NativeConnection } from '@temporalio/worker';
import { customNodeSourcesFromEnv } from '@trellis/nodes';
import { foldContinuously, journeyStatsStore } from '../stats/journey-stats-store';
import { connectMongo } from '../store/connect';
import { runtimeModels } from '../store/models';
import { createJourneyWorker, defaultChannels } from './create-worker';

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const mongoUri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27117/trellis';
  const mongo = await connectMongo(mongoUri);
  const connection = await NativeConnection.connect({ address });
  const cached = process.env.TRELLIS_WORKER_MAX_CACHED_WORKFLOWS;
  if (cached !== undefined && !/^\d+$/.test(cached)) {
    throw new Error(`TRELLIS_WORKER_MAX_CACHED_WORKFLOWS must be a whole number of workflows (0 turns the cache off), not "${cached}"`);
  }
  const channels = defaultChannels(mongo);
  const worker = await createJourneyWorker({
    connection,
    namespace,
    mongo,
    channels,
    taskQueue: process.env.TEMPORAL_TASK_QUEUE,
    customNodes: customNodeSourcesFromEnv(),
    ...(cached ? { maxCachedWorkflows: Number(cached) } : {}),
  });
  console.log(`worker polling task queue "${worker.options.taskQueue}" on ${address} (namespace ${namespace})`);
  // Journey stats: the counts of logged steps are added to their days' totals every few seconds.
  const folding = foldContinuously(journeyStatsStore(runtimeModels(mongo)), { onError: (error) => console.error('folding journey stats failed (tried again shortly):', error) });
  // The SDK stops polling on SIGINT/SIGTERM and lets running activities finish.
  await worker.run();
  await folding.stop();
  await Promise.all(channels.map((channel) => channel.close?.()));
  await connection.close();
  await mongo.close();
}

main().catch((error: unknown) => {
  console.error('worker failed:', error);
  process.exit(1);
});
