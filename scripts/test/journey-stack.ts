import { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectMongo } from '@trellis/runtime';
import { createJourneyWorker, defaultChannels } from '@trellis/runtime/dist/worker/create-worker';
import { Connection } from 'mongoose';
import { httpClient, RunningApi, startApi, startTimeSkippingTemporal, testMongoUri } from './harness';

export interface JourneyStack {
  env: TestWorkflowEnvironment;
  mongo: Connection;
  api: RunningApi;
  /** Stops the worker, closes its channels' connections, the API, the database and the test server. */
  close(): Promise<void>;
}

/**
 * Everything a journey needs to run for real, in this process: Temporal's time-skipping test
 * server, a database of its own, the API, and the journey worker with its default channels (which
 * reach 127.0.0.1 only where a workspace allow-lists it), unsubscribe links pointing at the API.
 */
export async function startJourneyStack(name: string, options: { nodesDir?: string } = {}): Promise<JourneyStack> {
  const env = await startTimeSkippingTemporal();
  const mongoUri = testMongoUri(name);
  const mongo = await connectMongo(mongoUri);
  // Custom nodes (TRELLIS_NODES_DIR), for the API's catalogue and the worker alike.
  const api = await startApi({ mongoUri, temporalAddress: env.address, taskQueue: name, ...(options.nodesDir ? { config: { TRELLIS_NODES_DIR: options.nodesDir } } : {}) });
  const channels = defaultChannels(mongo);
  const worker = await createJourneyWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    mongo,
    taskQueue: name,
    channels,
    publicUrl: api.url,
    ...(options.nodesDir ? { customNodes: { dir: options.nodesDir } } : {}),
  });
  const running = worker.run();
  return {
    env,
    mongo,
    api,
    async close() {
      worker.shutdown();
      await running;
      await Promise.all(channels.map((channel) => channel.close?.()));
      await api.close();
      await mongo.dropDatabase();
      await mongo.close();
      await env.teardown();
    },
  };
}

/** Creates and publishes a journey a test expects to be valid; returns its id. */
export async function publishJourney(client: ReturnType<typeof httpClient>, journey: Record<string, unknown>): Promise<string> {
  const created = await client.post<{ id: string }>('/v1/journeys', journey);
  expect(created.status).toBe(201);
  expect((await client.post(`/v1/journeys/${created.body.id}/publish`)).status).toBe(200);
  return created.body.id;
}
