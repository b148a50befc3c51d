/**
 * A journey worker for fault tests, started as a child process so a test can `kill -9` it. Its
 * profile updates reach MongoDB and then lose their reply (the attempt fails, as when the
 * network drops the answer), so the action sits in Temporal's retry loop with its effect
 * already applied: the state in which a crash is most likely to apply an effect twice.
 */
import { Context } from '@temporalio/activity';
import { NativeConnection } from '@temporalio/worker';
import { connectMongo, mongoActionServices, runtimeModels } from '@trellis/runtime';
import { createJourneyWorker } from '@trellis/runtime/dist/worker/create-worker';

async function main(): Promise<void> {
  const mongo = await connectMongo(process.env.MONGODB_URI!);
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const real = mongoActionServices(runtimeModels(mongo));
  const worker = await createJourneyWorker({
    connection,
    namespace: 'default',
    mongo,
    taskQueue: process.env.TEMPORAL_TASK_QUEUE,
    services: {
      ...real,
      contacts: {
        ...real.contacts,
        async updateProfile(...args) {
          await real.contacts.updateProfile(...args);
          throw new Error(`reply lost (attempt ${Context.current().info.attempt})`);
        },
      },
    },
  });
  console.log('worker polling (replies of profile updates are lost)');
  await worker.run();
}

main().catch((error: unknown) => {
  console.error('lossy worker failed:', error);
  process.exit(1);
});
