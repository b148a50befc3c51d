import type { BodyKind, MessageBodies, WecomAttachment } from '@trellis/journey';

/** A WeCom attachment as the form edits it: every field as text, those its type does not use ignored. */
export interface AttachmentDraft {
  key: number;
  type: WecomAttachment['type'];
  title: string;
  description: string;
  url: string;
  imageUrl: string;
  imageMediaId: string;
  appId: string;
  page: string;
  mediaId: string;
}

export interface BodiesDraft {
  enabled: Record<BodyKind, boolean>;
  wecom: { text: string; attachments: AttachmentDraft[] };
  sms: { text: string };
  email: { subject: string; preheader: string; html: string; text: string };
  push: { title: string; body: string; url: string };
}

let nextKey = 0;

export function newAttachment(type: WecomAttachment['type']): AttachmentDraft {
  return { key: nextKey++, type, title: '', description: '', url: '', imageUrl: '', imageMediaId: '', appId: '', page: '', mediaId: '' };
}

export function draftOf(bodies: MessageBodies | undefined): BodiesDraft {
  const attachments = (bodies?.wecom?.attachments ?? []).map((attachment) => ({ ...newAttachment(attachment.type), ...attachment }) as AttachmentDraft);
  return {
    enabled: { wecom: Boolean(bodies?.wecom), sms: Boolean(bodies?.sms), email: Boolean(bodies?.email), push: Boolean(bodies?.push) },
    wecom: { text: bodies?.wecom?.text ?? '', attachments },
    sms: { text: bodies?.sms?.text ?? '' },
    email: { subject: bodies?.email?.subject ?? '', preheader: bodies?.email?.preheader ?? '', html: bodies?.email?.html ?? '', text: bodies?.email?.text ?? '' },
    push: { title: bodies?.push?.title ?? '', body: bodies?.push?.body ?? '', url: bodies?.push?.url ?? '' },
  };
}

/** The fields that are filled in, so an optional field left empty is left out rather than sent as "". */
function filled<T extends Record<string, string>>(fields: T, keep: readonly (keyof T)[] = []): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([name, value]) => value !== '' || keep.includes(name))) as Partial<T>;
}

function attachmentOf({ type, title, description, url, imageUrl, imageMediaId, appId, page, mediaId }: AttachmentDraft) {
  switch (type) {
    case 'link':
      return { type, ...filled({ title, description, url, imageUrl, imageMediaId }, ['title', 'url']) };
    case 'miniprogram':
      return { type, ...filled({ title, appId, page, imageMediaId }, ['title', 'appId', 'page', 'imageMediaId']) };
    case 'image':
      return { type, ...filled({ mediaId, imageUrl }) };
  }
}

/** The bodies the API takes, for the channels switched on; the API checks them (shape and Liquid). */
export function bodiesOf(draft: BodiesDraft): Record<string, unknown> {
  const { enabled } = draft;
  return {
    ...(enabled.wecom ? { wecom: { ...filled({ text: draft.wecom.text }), attachments: draft.wecom.attachments.map(attachmentOf) } } : {}),
    ...(enabled.sms ? { sms: { text: draft.sms.text } } : {}),
    ...(enabled.email ? { email: filled(draft.email, ['subject', 'html']) } : {}),
    ...(enabled.push ? { push: filled(draft.push, ['title', 'body']) } : {}),
  };
}
