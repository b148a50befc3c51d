import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { bodyKindOf, Channel, checkSharedPost, MessageBodies, Plan } from '@trellis/journey';
import { MessageTemplate, messageTemplateId } from '@trellis/runtime';
import { Model, trusted } from 'mongoose';
import { ProblemError } from '../common/problem';

/**
 * What publishing checks of a plan's sends beyond the plan itself: every `action.message` names
 * a template of this workspace with a message for its channel, and a group or Moments post's
 * template reads no one contact and holds only what that channel shows. (Each template's Liquid
 * was checked when it was saved.)
 */
@Injectable()
export class MessageTemplateChecks {
  constructor(@InjectModel('MessageTemplate') private readonly templates: Model<MessageTemplate>) {}

  async problemsOf(workspaceId: string, plan: Plan): Promise<ProblemError[]> {
    const sends = Object.values(plan.nodes)
      .filter((node) => node.type === 'action.message')
      .map((node) => ({ nodeId: node.id, template: node.config.template as string, channel: node.config.channel as Channel }));
    if (!sends.length) return [];
    const ids = [...new Set(sends.map((send) => messageTemplateId(workspaceId, send.template)))];
    // trusted(): our own operator, which sanitizeFilter would otherwise neutralise.
    const found = await this.templates.find({ _id: trusted({ $in: ids }), workspaceId }, { key: 1, bodies: 1 }).lean();
    const bodiesOf = new Map(found.map((template) => [template.key, template.bodies as MessageBodies]));
    return sends.flatMap(({ nodeId, template, channel }): ProblemError[] => {
      const bodies = bodiesOf.get(template);
      if (!bodies) return [{ nodeId, path: 'template', code: 'unknown_template', message: `there is no message template "${template}" in this workspace; create it first` }];
      const kind = bodyKindOf(channel);
      if (!bodies[kind]) return [{ nodeId, path: 'template', code: 'template_lacks_channel', message: `template "${template}" has no ${kind} message to send on ${channel}` }];
      return checkSharedPost(channel, bodies).map((problem) => ({ nodeId, path: 'template', code: 'template_unfit_for_channel', message: `template "${template}" cannot go out on ${channel}: ${problem.path}: ${problem.message}` }));
    });
  }
}
