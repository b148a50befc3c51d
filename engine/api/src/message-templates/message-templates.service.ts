import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { BodyKind, bodyKindOf, checkBodies, contentHash, MessageBodies, renderMessage, smsLength } from '@trellis/journey';
import {
  bumpMessagingConfig,
  isDuplicateKeyError,
  mergeUpdates,
  MessagingPolicyDoc,
  MessageTemplate,
  messageTemplateId,
  MessageTemplateVersion,
  messageTemplateVersionId,
  templateScope,
} from '@trellis/runtime';
import { Model } from 'mongoose';
import { AuditLog } from '../access/audit-log.service';
import { Actor } from '../access/principal';
import { problems } from '../common/problem';
import { ContactDirectory } from '../contacts/contact-directory';
import { CreateTemplateBody, PreviewTemplateBody, UpdateTemplateBody } from './message-templates.dto';

type TemplateDoc = MessageTemplate & { _id: string; createdAt?: Date; updatedAt?: Date };
type VersionDoc = MessageTemplateVersion & { _id: string };

function templateView(doc: TemplateDoc) {
  return {
    key: doc.key,
    name: doc.name,
    description: doc.description ?? null,
    version: doc.version,
    bodies: doc.bodies as MessageBodies,
    channels: Object.keys(doc.bodies as MessageBodies),
    createdAt: doc.createdAt?.toISOString() ?? null,
    updatedAt: doc.updatedAt?.toISOString() ?? null,
  };
}

function versionView(doc: VersionDoc) {
  return { version: doc.version, name: doc.name, bodies: doc.bodies as MessageBodies, note: doc.note ?? null, savedBy: doc.savedBy ?? null, savedAt: doc.savedAt.toISOString() };
}

/** Stands in for the contact's own unsubscribe link in previews (sends carry a signed one). */
export const previewUnsubscribeUrl = 'https://unsubscribe.invalid/preview';

/**
 * Message templates: saved as numbered versions, each checked first (strict Liquid: a syntax
 * error or a variable no contact has is refused with where it is), and previewed against a real
 * contact.
 */
@Injectable()
export class MessageTemplatesService {
  constructor(
    @InjectModel('MessageTemplate') private readonly templates: Model<MessageTemplate>,
    @InjectModel('MessageTemplateVersion') private readonly versions: Model<MessageTemplateVersion>,
    @InjectModel('MessagingPolicy') private readonly policies: Model<MessagingPolicyDoc>,
    private readonly directory: ContactDirectory,
    private readonly audit: AuditLog,
  ) {}

  async create(workspaceId: string, body: CreateTemplateBody, actor: Actor) {
    checked(body.bodies);
    const now = new Date();
    try {
      await this.versions.create({ _id: messageTemplateVersionId(workspaceId, body.key, 1), workspaceId, key: body.key, version: 1, name: body.name, bodies: body.bodies, note: body.note, savedBy: actor.name, savedAt: now });
      const doc = await this.templates.create({ _id: messageTemplateId(workspaceId, body.key), workspaceId, key: body.key, name: body.name, description: body.description, version: 1, bodies: body.bodies });
      await bumpMessagingConfig(this.policies, workspaceId);
      await this.audit.record(workspaceId, actor, 'template.saved', { type: 'template', id: body.key }, { version: 1 });
      return templateView(doc.toObject() as TemplateDoc);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict(`Template "${body.key}" exists already; change it with PUT.`);
      throw error;
    }
  }

  async list(workspaceId: string) {
    const docs = await this.templates.find({ workspaceId }).sort({ key: 1 }).lean();
    return { templates: (docs as TemplateDoc[]).map(templateView) };
  }

  async get(workspaceId: string, key: string) {
    return templateView(await this.find(workspaceId, key));
  }

  /** A new version when the bodies or the name change; saving the same again is a no-op. */
  async update(workspaceId: string, key: string, body: UpdateTemplateBody, actor: Actor) {
    const current = await this.find(workspaceId, key);
    const bodies = body.bodies ?? (current.bodies as MessageBodies);
    const name = body.name ?? current.name;
    if (body.bodies) checked(body.bodies);
    // The description is not versioned: it changes in place, with or without a new version.
    const description: Partial<Record<'$set' | '$unset', Record<string, unknown>>> =
      body.description === undefined ? {} : body.description === null ? { $unset: { description: '' } } : { $set: { description: body.description } };
    if (contentHash(bodies) === contentHash(current.bodies) && name === current.name) {
      if (body.description === undefined) return { ...templateView(current), unchanged: true };
      const doc = await this.templates.findOneAndUpdate({ _id: current._id }, description, { new: true }).lean();
      return { ...templateView(doc as TemplateDoc), unchanged: true };
    }
    const version = current.version + 1;
    try {
      await this.versions.create({ _id: messageTemplateVersionId(workspaceId, key, version), workspaceId, key, version, name, bodies, note: body.note, savedBy: actor.name, savedAt: new Date() });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw problems.conflict('Another save of this template won the race; reload and try again.');
      throw error;
    }
    const doc = await this.templates.findOneAndUpdate({ _id: current._id, version: current.version }, mergeUpdates({ $set: { name, bodies, version } }, description), { new: true }).lean();
    if (!doc) throw problems.conflict('Another save of this template won the race; reload and try again.');
    // Sends read the newest version: workers' cached copies of this template are now out of date.
    await bumpMessagingConfig(this.policies, workspaceId);
    await this.audit.record(workspaceId, actor, 'template.saved', { type: 'template', id: key }, { version });
    return { ...templateView(doc as TemplateDoc), unchanged: false };
  }

  async listVersions(workspaceId: string, key: string) {
    await this.find(workspaceId, key);
    const docs = await this.versions.find({ workspaceId, key }).sort({ version: -1 }).lean();
    return { versions: (docs as VersionDoc[]).map(versionView) };
  }

  async getVersion(workspaceId: string, key: string, version: number) {
    const doc = await this.versions.findById(messageTemplateVersionId(workspaceId, key, version)).lean();
    if (!doc || doc.workspaceId !== workspaceId) throw problems.notFound(`Version ${version} of template "${key}"`);
    return versionView(doc as VersionDoc);
  }

  async remove(workspaceId: string, key: string, actor: Actor) {
    const doc = await this.find(workspaceId, key);
    await this.templates.deleteOne({ _id: doc._id });
    await bumpMessagingConfig(this.policies, workspaceId);
    await this.audit.record(workspaceId, actor, 'template.deleted', { type: 'template', id: key }, { version: doc.version });
    return { key, deleted: true };
  }

  /**
   * The template rendered for one contact, per channel: what they would receive now, or, where
   * they lack a value the template uses without a fallback, the error a send would record.
   */
  async preview(workspaceId: string, key: string, body: PreviewTemplateBody) {
    const template = await this.find(workspaceId, key);
    const contact = await this.directory.find(workspaceId, body.userId);
    if (!contact) throw problems.notFound(`Contact ${body.userId}`);
    const bodies = template.bodies as MessageBodies;
    const kinds = body.channel ? [bodyKindOf(body.channel)] : (Object.keys(bodies) as BodyKind[]);
    const missing = kinds.filter((kind) => !bodies[kind]);
    if (missing.length) throw problems.validation([{ path: 'channel', code: 'no_body', message: `template "${key}" has no ${missing.join(', ')} message` }]);
    const scope = templateScope(contact, previewUnsubscribeUrl);
    const rendered = Object.fromEntries(
      kinds.map((kind) => {
        try {
          const out = renderMessage(kind, bodies[kind] as never, scope, body.category) as Record<string, unknown>;
          return [kind, { ok: true, body: out, ...(kind === 'sms' ? { length: smsLength(out.text as string) } : {}) }];
        } catch (error) {
          return [kind, { ok: false, error: (error as Error).message }];
        }
      }),
    );
    return { key, version: template.version, userId: body.userId, category: body.category, rendered };
  }

  private async find(workspaceId: string, key: string): Promise<TemplateDoc> {
    const doc = await this.templates.findById(messageTemplateId(workspaceId, key)).lean();
    if (!doc || doc.workspaceId !== workspaceId) throw problems.notFound(`Template "${key}"`);
    return doc as TemplateDoc;
  }
}

/** Refuses bodies with Liquid problems, each named at its field and position. */
function checked(bodies: MessageBodies): void {
  const found = checkBodies(bodies);
  if (!found.length) return;
  throw problems.unprocessable(
    `The template has ${found.length} problem(s); fix them and save again.`,
    found.map((problem) => ({
      path: `bodies.${problem.path}`,
      code: 'template',
      message: problem.line === undefined ? problem.message : `${problem.message} (line ${problem.line}, column ${problem.column})`,
    })),
    'Invalid template',
  );
}
