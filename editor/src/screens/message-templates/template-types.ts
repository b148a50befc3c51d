import type { BodyKind, MessageBodies } from '@trellis/journey';

/** A template as the API shows it: its newest version (engine/api/src/message-templates/message-templates.service.ts). */
export interface MessageTemplate {
  key: string;
  name: string;
  description: string | null;
  version: number;
  bodies: MessageBodies;
  channels: BodyKind[];
  createdAt: string | null;
  updatedAt: string | null;
  /** On a save: true when the bodies and name were the same, so no version was made. */
  unchanged?: boolean;
}

export interface TemplateVersion {
  version: number;
  name: string;
  bodies: MessageBodies;
  note: string | null;
  savedBy: string | null;
  savedAt: string;
}

export type RenderedBody = { ok: true; body: Record<string, unknown>; length?: { characters: number; encoding: string; segments: number } } | { ok: false; error: string };

export interface TemplatePreviewResult {
  key: string;
  version: number;
  userId: string;
  category: string;
  rendered: Partial<Record<BodyKind, RenderedBody>>;
}

export const bodyKinds: BodyKind[] = ['wecom', 'sms', 'email', 'push'];

export function templatePath(key: string): string {
  return `/v1/message-templates/${encodeURIComponent(key)}`;
}

/** The API's rule for keys: journeys name the template by it. */
export const templateKeyPattern = /^[a-z0-9][a-z0-9_-]{0,99}$/;
