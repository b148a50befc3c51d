import { Channel, MessageCategory } from '../actions/vocabulary';
import { checkLiquid, LiquidFlavour, LiquidProblem, liquidRoots, renderLiquid, TemplateScope } from './liquid-template';
import { audienceOf, BodyKind, MessageBodies } from './message-body';
import { withOptOut } from './sms-text';

/** A problem of a template, at the field it is in (`email.subject`, `wecom.attachments.0.url`). */
export interface TemplateProblem extends LiquidProblem {
  path: string;
}

type Bodies = Required<MessageBodies>;

/** The fields of each body that are Liquid, and how each is written out. */
const liquidFields: { [K in BodyKind]: Partial<Record<string, LiquidFlavour>> } = {
  wecom: { text: 'text' },
  sms: { text: 'text' },
  email: { subject: 'text', html: 'html', text: 'text', preheader: 'text' },
  push: { title: 'text', body: 'text', url: 'text' },
};
const attachmentFields: Partial<Record<string, LiquidFlavour>> = { title: 'text', description: 'text', url: 'text', page: 'text' };

/** Every Liquid problem of the template's bodies, each at its field. */
export function checkBodies(bodies: MessageBodies): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  visitLiquid(bodies, (path, source, flavour) => {
    for (const problem of checkLiquid(source, flavour)) problems.push({ path, ...problem });
    return source;
  });
  return problems;
}

/**
 * What stops a template going out as a group post or a Moments post, each at its field: one post
 * is seen by many people, so it cannot read one contact's details or carry their unsubscribe
 * link; Moments take up to 9 images (by media id) or one link, and no mini-program card.
 */
export function checkSharedPost(channel: Channel, bodies: MessageBodies): TemplateProblem[] {
  const audience = audienceOf(channel);
  const body = bodies.wecom;
  if (audience === 'one' || !body) return [];
  const problems: TemplateProblem[] = [];
  visitLiquid({ wecom: body }, (path, source, flavour) => {
    const personal = [...liquidRoots(source, flavour)].filter((root) => root === 'contact' || root === 'unsubscribeUrl');
    if (personal.length) problems.push({ path, message: `a ${audience === 'group' ? 'group' : 'Moments'} post is seen by many people: it cannot use ${personal.map((root) => `"${root}"`).join(' or ')}` });
    return source;
  });
  if (audience === 'feed') {
    const links = body.attachments.filter((attachment) => attachment.type === 'link').length;
    body.attachments.forEach((attachment, index) => {
      const path = `wecom.attachments.${index}`;
      if (attachment.type === 'miniprogram') problems.push({ path, message: 'Moments cannot show a mini-program card; use a link or images' });
      if (attachment.type === 'image' && !attachment.mediaId) problems.push({ path, message: 'Moments take images by media id: upload the image to WeCom (上传附件资源) and give its mediaId' });
    });
    if (links > 1 || (links === 1 && body.attachments.length > 1)) problems.push({ path: 'wecom.attachments', message: 'a Moments post has up to 9 images or one link, not both' });
  }
  return problems;
}

/**
 * One body rendered for one contact, shaped as written. Throws (naming the variable) when the
 * contact lacks a value the body uses without a fallback.
 */
export function renderBody<K extends BodyKind>(kind: K, body: Bodies[K], scope: TemplateScope): Bodies[K] {
  const rendered = visitLiquid({ [kind]: body } as MessageBodies, (_path, source, flavour) => renderLiquid(source, scope, flavour));
  return rendered[kind] as Bodies[K];
}

/** A body rendered and finished as it goes out: a marketing SMS ends with how to opt out. */
export function renderMessage<K extends BodyKind>(kind: K, body: Bodies[K], scope: TemplateScope, category: MessageCategory): Bodies[K] {
  const rendered = renderBody(kind, body, scope);
  if (kind !== 'sms') return rendered;
  const sms = rendered as Bodies['sms'];
  return { ...sms, text: withOptOut(sms.text, category) } as Bodies[K];
}

/** A copy of the bodies with every Liquid field replaced by `visit`'s answer. */
function visitLiquid(bodies: MessageBodies, visit: (path: string, source: string, flavour: LiquidFlavour) => string): MessageBodies {
  const out: Record<string, unknown> = {};
  for (const [kind, body] of Object.entries(bodies) as [BodyKind, Record<string, unknown> | undefined][]) {
    if (!body) continue;
    const copy: Record<string, unknown> = { ...body };
    for (const [field, flavour] of Object.entries(liquidFields[kind])) {
      if (typeof body[field] === 'string' && flavour) copy[field] = visit(`${kind}.${field}`, body[field], flavour);
    }
    if (Array.isArray(body.attachments)) {
      copy.attachments = (body.attachments as Record<string, unknown>[]).map((attachment, index) => {
        const renderedAttachment: Record<string, unknown> = { ...attachment };
        for (const [field, flavour] of Object.entries(attachmentFields)) {
          if (typeof attachment[field] === 'string' && flavour) renderedAttachment[field] = visit(`${kind}.attachments.${index}.${field}`, attachment[field], flavour);
        }
        return renderedAttachment;
      });
    }
    out[kind] = copy;
  }
  return out as MessageBodies;
}
