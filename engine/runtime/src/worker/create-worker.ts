import { NativeConnection, Worker } from '@temporalio/worker';
import { ActionServices, createFullCatalogue, createNodeCatalogue, CustomNodeSources, loadCustomNodes, runtimeActionNodes } from '@trellis/nodes';
import { Connection } from 'mongoose';
import { createActivities } from '../activities/create-activities';
import { messageActivities } from '../activities/message-activities';
import { startFromActivity } from '../activities/start-from-activity';
import { taskActivities } from '../activities/task-activities';
import { taskService } from '../tasks/task-service';
import { mongoActionServices } from '../activities/mongo-action-services';
import { guardedHttp } from '../http/guarded-http';
import { workspaceAllowList } from '../http/workspace-allow-list';
import { AnyChannelAdapter } from '../messages/channels/channel-adapter';
import { emailChannel } from '../messages/channels/email-channel';
import { pushChannel } from '../messages/channels/push-channel';
import { smsChannel } from '../messages/channels/sms-channel';
import { wecomChannels } from '../messages/channels/wecom-channels';
import { messageSender } from '../messages/message-sender';
import { defaultTaskQueue } from '../enrollment-ref';
import { runtimeModels } from '../store/models';

export interface JourneyWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  mongo: Connection;
  taskQueue?: string;
  /** The I/O actions do; MongoDB-backed by default. */
  services?: ActionServices;
  /**
   * The channels messages go out on (`defaultChannels` when not given). Whoever passes them
   * closes them once the worker has stopped; the default ones hold no connection until used.
   */
  channels?: readonly AnyChannelAdapter[];
  /** Where the API answers the public: unsubscribe links in messages point there. */
  publicUrl?: string;
  /**
   * Enrolments kept in memory between events (about 1 MB each); the rest are replayed from their
   * short histories when they next wake. Bounds the worker's memory however many contacts wait.
   */
  maxCachedWorkflows?: number;
  /**
   * Custom nodes to run besides the built-in ones (`TRELLIS_NODES_DIR`, `TRELLIS_NODES`): one
   * that fails to load is reported on the console and skipped.
   */
  customNodes?: CustomNodeSources;
}

export const defaultMaxCachedWorkflows = 1_000;

/** Every channel the worker sends on, each reaching only public addresses unless the workspace allow-lists a host. */
export function defaultChannels(mongo: Connection): AnyChannelAdapter[] {
  const allowedHosts = workspaceAllowList(mongo);
  const http = guardedHttp({ allowedHosts });
  return [emailChannel({ allowedHosts }), smsChannel({ http }), pushChannel({ http }), ...wecomChannels({ http })];
}

/** A worker for journey workflows and their activities, wired to real MongoDB models. */
export async function createJourneyWorker(options: JourneyWorkerOptions): Promise<Worker> {
  const models = runtimeModels(options.mongo);
  const custom = options.customNodes ? loadCustomNodes(options.customNodes, { taken: createFullCatalogue().list().map((spec) => spec.type) }).nodes : [];
  const catalogue = createNodeCatalogue([...runtimeActionNodes, ...custom]);
  const sender = messageSender({
    models,
    channels: options.channels ?? defaultChannels(options.mongo),
    publicUrl: options.publicUrl ?? process.env.TRELLIS_PUBLIC_URL ?? 'http://127.0.0.1:3000',
    followUp: (workspaceId, id, kind) => startFromActivity('queuedSendWorkflow', `${kind === 'post' ? 'post' : 'queued'}:${id}`, [{ workspaceId, sendId: id, kind }]),
  });
  const services: ActionServices = options.services ?? {
    ...mongoActionServices(models),
    http: guardedHttp({ allowedHosts: workspaceAllowList(options.mongo) }),
    messages: sender,
    tasks: taskService(models),
  };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? defaultTaskQueue,
    workflowsPath: require.resolve('../workflows'),
    maxCachedWorkflows: options.maxCachedWorkflows ?? defaultMaxCachedWorkflows,
    activities: { ...taskActivities(models), ...messageActivities(sender), ...createActivities({ models, actions: catalogue, services }) },
  });
}
