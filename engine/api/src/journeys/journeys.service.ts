import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { compile, defaultJourneySettings, diffJourneys, EventSnapshot, JourneyDefinition, JourneySettings, matchTrigger, Plan, PlanNode } from '@trellis/journey';
import { Contact, Enrollment, isDuplicateKeyError, Journey, JourneyVersion } from '@trellis/runtime';
import { externalIdsOf } from '../contacts/external-ids';
import { Model, trusted } from 'mongoose';
import { problems } from '../common/problem';
import { temporalWorkflowUrl } from '../temporal/temporal-url';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { NODE_CATALOGUE, NodeCatalogue } from '../nodes/node-catalogue.provider';
import { MessageTemplateChecks } from '../message-templates/message-template-checks';
import { BroadcastSchedules } from './broadcast-schedules';
import { JourneyRoutesCache } from './journey-routes';

type JourneyDoc = Journey & { _id: unknown; createdAt?: Date; updatedAt?: Date };

function journeyView(doc: JourneyDoc) {
  return {
    id: String(doc._id),
    name: doc.name,
    status: doc.status,
    publishedVersion: doc.published?.version ?? null,
    publishedHash: doc.published?.hash ?? null,
    draft: doc.draft as JourneyDefinition,
    createdAt: doc.createdAt?.toISOString(),
    updatedAt: doc.updatedAt?.toISOString(),
  };
}

@Injectable()
export class JourneysService {
  constructor(
    @InjectModel('Journey') private readonly journeys: Model<Journey>,
    @InjectModel('JourneyVersion') private readonly versions: Model<JourneyVersion>,
    @InjectModel('Enrollment') private readonly enrollments: Model<Enrollment>,
    @InjectModel('Contact') private readonly contacts: Model<Contact>,
    @Inject(NODE_CATALOGUE) private readonly catalogue: NodeCatalogue,
    private readonly audit: AuditLog,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly broadcasts: BroadcastSchedules,
    private readonly templateChecks: MessageTemplateChecks,
    private readonly routeCache: JourneyRoutesCache,
  ) {}

  async create(workspaceId: string, definition: JourneyDefinition) {
    const doc = await this.journeys.create({ workspaceId, name: definition.name, status: 'draft', draft: definition });
    return journeyView(doc.toObject() as JourneyDoc);
  }

  async list(workspaceId: string) {
    const docs = await this.journeys.find({ workspaceId }).sort({ updatedAt: -1 }).limit(500).lean();
    return { journeys: docs.map((doc) => { const { draft: _draft, ...summary } = journeyView(doc as JourneyDoc); return summary; }) };
  }

  async get(workspaceId: string, journeyId: string) {
    return journeyView(await this.find(workspaceId, journeyId));
  }

  async updateDraft(workspaceId: string, journeyId: string, definition: JourneyDefinition) {
    const doc = await this.journeys
      .findOneAndUpdate({ _id: journeyId, workspaceId }, { $set: { draft: definition, name: definition.name } }, { new: true })
      .lean();
    if (!doc) throw problems.notFound(`Journey ${journeyId}`);
    return journeyView(doc as JourneyDoc);
  }

  async validate(workspaceId: string, journeyId: string) {
    const journey = await this.find(workspaceId, journeyId);
    const result = compile(journey.draft, this.catalogue);
    return result.ok ? { ok: true, hash: result.plan.hash, errors: [] } : { ok: false, errors: result.errors };
  }

  /** Compiles the draft into a new immutable version; publishing an unchanged graph is a no-op. */
  async publish(workspaceId: string, journeyId: string, actor: Actor, note?: string) {
    const journey = await this.find(workspaceId, journeyId);
    if (journey.status === 'archived') throw problems.conflict('An archived journey cannot be published; copy it into a new journey instead.');
    const result = compile(journey.draft, this.catalogue);
    if (!result.ok) {
      throw problems.unprocessable(
        `The journey has ${result.errors.length} problem(s); fix them and publish again.`,
        result.errors.map((error) => ({ code: error.code, message: error.message, nodeId: error.nodeId, path: error.field })),
      );
    }
    const { plan } = result;
    const sends = await this.templateChecks.problemsOf(workspaceId, plan);
    if (sends.length) throw problems.unprocessable(`The journey has ${sends.length} problem(s) with its messages; fix them and publish again.`, sends);
    // A paused journey stays paused: publishing a new version is not resuming.
    const status = journey.status === 'paused' ? 'paused' : 'active';
    if (journey.published?.hash === plan.hash) {
      // Sent again after its schedule or routing version could not be set: set them now.
      await this.broadcasts.sync(workspaceId, journeyId, triggerOf(plan), status);
      await this.routeCache.changed(workspaceId);
      return { journeyId, version: journey.published.version, hash: plan.hash, unchanged: true };
    }
    const version = (journey.published?.version ?? 0) + 1;
    try {
      await this.versions.create({ workspaceId, journeyId, version, hash: plan.hash, plan, definition: journey.draft, note, publishedAt: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict('Another publish of this journey won the race; reload and try again.');
      throw error;
    }
    await this.journeys.updateOne(
      { _id: journeyId, workspaceId },
      {
        $set: {
          status,
          published: {
            version,
            hash: plan.hash,
            entryEvents: plan.entryEvents,
            trigger: triggerOf(plan),
            listensTo: plan.listensTo.events,
            watchesContact: plan.listensTo.contactChanges,
            settings: plan.settings,
          },
          ...(plan.listensTo.contactChanges ? { 'routing.watchesContact': true } : {}),
        },
        $addToSet: { 'routing.listensTo': { $each: plan.listensTo.events } },
      },
    );
    await this.routeCache.changed(workspaceId);
    await this.audit.record(workspaceId, actor, 'journey.published', { type: 'journey', id: journeyId }, { version, hash: plan.hash, ...(note ? { note } : {}) });
    await this.broadcasts.sync(workspaceId, journeyId, triggerOf(plan), status, journey.published?.trigger as PlanTrigger | undefined);
    return { journeyId, version, hash: plan.hash, unchanged: false };
  }

  async listVersions(workspaceId: string, journeyId: string) {
    await this.find(workspaceId, journeyId);
    const docs = await this.versions.find({ workspaceId, journeyId }, { plan: 0, definition: 0 }).sort({ version: -1 }).lean();
    return { versions: docs.map((doc) => ({ version: doc.version, hash: doc.hash, note: doc.note ?? null, publishedAt: doc.publishedAt.toISOString() })) };
  }

  /** One published version with the graph it was published from. */
  async getVersion(workspaceId: string, journeyId: string, version: number) {
    await this.find(workspaceId, journeyId);
    return this.versionOf(workspaceId, journeyId, version);
  }

  /** Node by node, what changed from one version (or the draft) to another. */
  async diff(workspaceId: string, journeyId: string, from: number | 'draft', to: number | 'draft') {
    const journey = await this.find(workspaceId, journeyId);
    const graph = async (side: number | 'draft') => (side === 'draft' ? (journey.draft as JourneyDefinition) : (await this.versionOf(workspaceId, journeyId, side)).definition);
    const [before, after] = await Promise.all([graph(from), graph(to)]);
    return { from, to, diff: diffJourneys(before, after) };
  }

  private async versionOf(workspaceId: string, journeyId: string, version: number) {
    const doc = await this.versions.findOne({ workspaceId, journeyId, version }, { plan: 0 }).lean();
    if (!doc) throw problems.notFound(`Version ${version} of journey ${journeyId}`);
    return { version: doc.version, hash: doc.hash, note: doc.note ?? null, publishedAt: doc.publishedAt.toISOString(), definition: doc.definition as JourneyDefinition };
  }

  /** Who is where: filter by status and by the node contacts are at now. */
  async listEnrollments(workspaceId: string, journeyId: string, query: { limit: number; status?: string; nodeId?: string }) {
    await this.find(workspaceId, journeyId);
    const filter = { workspaceId, journeyId, ...(query.status ? { status: query.status } : {}), ...(query.nodeId ? { currentNodeId: query.nodeId } : {}) };
    const docs = await this.enrollments.find(filter).sort({ enrolledAt: -1 }).limit(query.limit).lean();
    const externalIds = await externalIdsOf(this.contacts, workspaceId, docs.map((doc) => doc.contactId));
    return {
      enrollments: docs.map((doc) => ({
        id: String(doc._id),
        contactId: doc.contactId,
        externalId: externalIds.get(doc.contactId) ?? null,
        workflowId: doc.workflowId,
        version: doc.version,
        status: doc.status,
        currentNodeId: doc.currentNodeId ?? null,
        enrolledAt: doc.enrolledAt.toISOString(),
        completedAt: doc.completedAt?.toISOString() ?? null,
        exitReason: doc.exitReason ?? null,
        source: doc.source ?? null,
        temporalUrl: temporalWorkflowUrl(this.config, doc.workflowId),
      })),
    };
  }

  /**
   * The workspace's published journeys that are live (active or paused): what an incoming event
   * may enrol contacts into or be routed to. Drafts are left out, they can be large.
   */
  routes(workspaceId: string): Promise<readonly JourneyRoute[]> {
    return this.routeCache.of(workspaceId, async () => {
      // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
      const docs = await this.journeys.find({ workspaceId, status: trusted({ $in: ['active', 'paused'] }) }, routeFields).lean();
      return docs.flatMap((doc) => routeOf(doc as RoutedDoc) ?? []);
    });
  }

  /** One journey's route, when it is live and published (a broadcast reads just its own). */
  async route(workspaceId: string, journeyId: string): Promise<JourneyRoute | undefined> {
    const doc = await this.journeys.findOne({ _id: journeyId, workspaceId, status: trusted({ $in: ['active', 'paused'] }) }, routeFields).lean();
    return doc ? routeOf(doc as RoutedDoc) : undefined;
  }

  private async find(workspaceId: string, journeyId: string): Promise<JourneyDoc> {
    const doc = await this.journeys.findOne({ _id: journeyId, workspaceId }).lean();
    if (!doc) throw problems.notFound(`Journey ${journeyId}`);
    return doc as JourneyDoc;
  }
}

type PlanTrigger = Pick<PlanNode, 'type' | 'config'>;

const routeFields = { status: 1, published: 1, routing: 1 } as const;
type RoutedDoc = Pick<Journey, 'status' | 'published' | 'routing'> & { _id: unknown };

/** What routing needs of a live journey, or undefined before its first publish. */
function routeOf(doc: RoutedDoc): JourneyRoute | undefined {
  const published = doc.published;
  if (!published) return undefined;
  const current = { listensTo: published.listensTo ?? [], watchesContact: published.watchesContact ?? false };
  return {
    journeyId: String(doc._id),
    status: doc.status as JourneyRoute['status'],
    version: published.version,
    hash: published.hash,
    trigger: published.trigger as PlanTrigger | undefined,
    entryEvents: published.entryEvents,
    current,
    // Journeys last published before the union was kept: their current version stands for all.
    anyVersion: doc.routing ? { listensTo: doc.routing.listensTo, watchesContact: doc.routing.watchesContact } : current,
    settings: (published.settings as JourneySettings | undefined) ?? defaultJourneySettings,
  };
}

interface Routing {
  listensTo: string[];
  watchesContact: boolean;
}

export interface JourneyRoute {
  journeyId: string;
  status: 'active' | 'paused';
  version: number;
  hash: string;
  trigger?: PlanTrigger;
  entryEvents: string[];
  /** What enrolments of the current version react to (copied onto each new enrolment). */
  current: Routing;
  /** What enrolments of any published version react to. */
  anyVersion: Routing;
  settings: JourneySettings;
}

/** Whether an active journey's trigger takes the event, and the source it records. */
export function triggerMatch(route: JourneyRoute, event: EventSnapshot): { source?: string } | undefined {
  if (route.status !== 'active') return undefined;
  if (route.trigger) return matchTrigger(route.trigger, event, event.at);
  // Journeys published before triggers were stored had no filters: the entry event's name decides.
  return route.entryEvents.includes(event.name) ? {} : undefined;
}

/** Whether a running enrolment with this routing reacts to the event. */
export function reactsTo(routing: Routing, eventName: string): boolean {
  return routing.watchesContact || routing.listensTo.includes(eventName);
}

function triggerOf(plan: Plan): PlanTrigger {
  const trigger = plan.nodes[plan.triggerNodeId]!;
  return { type: trigger.type, config: trigger.config };
}
