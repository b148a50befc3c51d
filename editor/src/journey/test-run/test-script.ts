import { simulationScript, type JourneyDefinition, type SimulationScript } from '@trellis/journey';
import type { z } from 'zod';

/** A test contact as the form edits it: tags comma-separated, traits as JSON text. */
export interface ContactRow {
  id: string;
  tags: string;
  traits: string;
  timezone: string;
}

/** A test event: which contact, what, and how long after the start. */
export interface EventRow {
  contactId: string;
  name: string;
  afterMinutes: number;
  properties: string;
}

export interface TestForm {
  start: string;
  days: number;
  contacts: ContactRow[];
  events: EventRow[];
}

/** A first test: one contact, and the trigger's event at the start if the journey starts on one. */
export function defaultTestForm(definition: JourneyDefinition, now: Date): TestForm {
  const trigger = definition.nodes.find((node) => node.type === 'trigger.event');
  const event = typeof trigger?.config.event === 'string' ? trigger.config.event : '';
  const start = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
  return {
    start,
    days: 30,
    contacts: [{ id: 'test-contact-1', tags: '', traits: '{}', timezone: 'Asia/Shanghai' }],
    events: event ? [{ contactId: 'test-contact-1', name: event, afterMinutes: 0, properties: '{}' }] : [],
  };
}

function json(text: string, where: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (!trimmed) return {};
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new Error(`${where}: not valid JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: must be a JSON object, e.g. {"city": "Shanghai"}`);
  return value as Record<string, unknown>;
}

/**
 * The form as a simulator script, checked by the simulator's own schema, so a mistake is named
 * the way the simulator sees it (`events.0.contactId: no contact "x" in the script`).
 */
export function toScript(form: TestForm): { ok: true; script: SimulationScript } | { ok: false; errors: string[] } {
  try {
    const startMs = Date.parse(form.start);
    if (Number.isNaN(startMs)) return { ok: false, errors: ['start: not a date'] };
    const input: z.input<typeof simulationScript> = {
      start: new Date(startMs).toISOString(),
      until: new Date(startMs + Math.max(1, form.days) * 86_400_000).toISOString(),
      contacts: form.contacts.map((row, index) => ({
        id: row.id.trim(),
        tags: row.tags.split(',').map((tag) => tag.trim()).filter(Boolean),
        traits: json(row.traits, `contacts.${index}.traits`),
        ...(row.timezone.trim() ? { timezone: row.timezone.trim() } : {}),
      })),
      events: form.events.map((row, index) => ({
        at: new Date(startMs + row.afterMinutes * 60_000).toISOString(),
        contactId: row.contactId.trim(),
        name: row.name.trim(),
        properties: json(row.properties, `events.${index}.properties`),
      })),
    };
    const parsed = simulationScript.safeParse(input);
    if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
    return { ok: true, script: parsed.data };
  } catch (error) {
    return { ok: false, errors: [error instanceof Error ? error.message : String(error)] };
  }
}
