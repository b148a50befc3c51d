import { portsOf, simulate, type Catalogue, type JourneyDefinition, type Plan, type TimelineEntry } from '@trellis/journey';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/session';
import { useFormat } from '../../ui/format';
import { recordedActions } from './browser-actions';
import { defaultTestForm, toScript, type ContactRow, type EventRow, type TestForm } from './test-script';

/** What the canvas shows of a replay: the nodes passed so far and the one the replay stands on. */
export interface RunHighlight {
  visited: readonly string[];
  current?: string;
}

type Step = { contactId: string; entry: TimelineEntry };

const nodeOf = (entry: TimelineEntry) => ('nodeId' in entry ? entry.nodeId : undefined);

export interface TestRunPanelProps {
  definition: JourneyDefinition;
  catalogue: Catalogue;
  plan?: Plan;
  problemCount: number;
  onHighlight: (highlight: RunHighlight | undefined) => void;
}

/** Test contacts and events on a virtual clock, run through the simulator in the browser and replayed on the canvas. */
export function TestRunPanel({ definition, catalogue, plan, problemCount, onHighlight }: TestRunPanelProps) {
  const { t } = useTranslation('testRun');
  const { api, can } = useSession();
  const [form, setForm] = useState<TestForm>(() => defaultTestForm(definition, new Date()));
  const [chosenPorts, setChosenPorts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<string[]>([]);
  const [steps, setSteps] = useState<Step[]>();
  const [position, setPosition] = useState(0);
  const [lookup, setLookup] = useState('');

  const branchingActions = useMemo(
    () =>
      definition.nodes.flatMap((node) => {
        const spec = catalogue.get(node.type);
        if (spec?.category !== 'action') return [];
        const ports = portsOf(spec.ports, node.config);
        return ports.length > 1 ? [{ id: node.id, title: spec.title, ports }] : [];
      }),
    [definition, catalogue],
  );

  const show = (all: Step[], at: number) => {
    setPosition(at);
    const passed = all.slice(0, at + 1).map((step) => nodeOf(step.entry)).filter((id): id is string => !!id);
    onHighlight({ visited: [...new Set(passed)], current: nodeOf(all[at]!.entry) });
  };

  const run = async () => {
    if (!plan) return;
    const built = toScript(form);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    const result = await simulate(plan, built.script, recordedActions(catalogue, chosenPorts));
    if (!result.ok) {
      setErrors(result.errors.map((issue) => `${issue.nodeId ? `${issue.nodeId}: ` : ''}${issue.message}`));
      return;
    }
    setErrors([]);
    const all = Object.entries(result.contacts)
      .flatMap(([contactId, timeline]) => timeline.map((entry) => ({ contactId, entry })))
      .sort((a, b) => a.entry.at.localeCompare(b.entry.at));
    setSteps(all);
    if (all.length > 0) show(all, all.length - 1);
    else onHighlight(undefined);
  };

  const loadContact = async () => {
    const id = lookup.trim();
    if (!id) return;
    try {
      const contact = await api.get<{ externalId: string; traits?: Record<string, unknown>; tags?: string[]; timezone?: string }>(`/v1/contacts/${encodeURIComponent(id)}`);
      const row: ContactRow = { id: contact.externalId, tags: (contact.tags ?? []).join(', '), traits: JSON.stringify(contact.traits ?? {}), timezone: contact.timezone ?? '' };
      setForm((current) => ({ ...current, contacts: [...current.contacts.filter((existing) => existing.id !== row.id), row] }));
      setLookup('');
      setErrors([]);
    } catch (reason) {
      setErrors([reason instanceof Error ? reason.message : String(reason)]);
    }
  };

  const setContact = (index: number, patch: Partial<ContactRow>) => setForm((current) => ({ ...current, contacts: current.contacts.map((row, at) => (at === index ? { ...row, ...patch } : row)) }));
  const setEvent = (index: number, patch: Partial<EventRow>) => setForm((current) => ({ ...current, events: current.events.map((row, at) => (at === index ? { ...row, ...patch } : row)) }));

  return (
    <div className="test-run">
      <p className="muted">{t('explain')}</p>
      <div className="test-run__row">
        <label>
          {t('start')}
          <input type="datetime-local" value={form.start.slice(0, 16)} onChange={(event) => setForm({ ...form, start: new Date(event.target.value).toISOString() })} />
        </label>
        <label>
          {t('days')}
          <input type="number" min={1} max={400} value={form.days} onChange={(event) => setForm({ ...form, days: Number(event.target.value) })} />
        </label>
      </div>

      <fieldset>
        <legend>{t('contacts')}</legend>
        {form.contacts.map((row, index) => (
          <div className="test-run__item" key={index}>
            <label>
              {t('contactId')}
              <input value={row.id} onChange={(event) => setContact(index, { id: event.target.value })} />
            </label>
            <label>
              {t('tags')}
              <input value={row.tags} placeholder="vip, new" onChange={(event) => setContact(index, { tags: event.target.value })} />
            </label>
            <label>
              {t('traits')}
              <input value={row.traits} onChange={(event) => setContact(index, { traits: event.target.value })} />
            </label>
            <label>
              {t('timezone')}
              <input value={row.timezone} onChange={(event) => setContact(index, { timezone: event.target.value })} />
            </label>
            <button type="button" className="link" onClick={() => setForm({ ...form, contacts: form.contacts.filter((_, at) => at !== index) })}>
              {t('remove')}
            </button>
          </div>
        ))}
        <div className="test-run__row">
          <button type="button" onClick={() => setForm({ ...form, contacts: [...form.contacts, { id: `test-contact-${form.contacts.length + 1}`, tags: '', traits: '{}', timezone: '' }] })}>
            {t('addContact')}
          </button>
          {can('contacts:read') && (
            <>
              <label className="visually-hidden" htmlFor="test-run-lookup">
                {t('lookup')}
              </label>
              <input id="test-run-lookup" placeholder={t('lookup')} value={lookup} onChange={(event) => setLookup(event.target.value)} />
              <button type="button" onClick={() => void loadContact()}>
                {t('load')}
              </button>
            </>
          )}
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('events')}</legend>
        {form.events.map((row, index) => (
          <div className="test-run__item" key={index}>
            <label>
              {t('eventContact')}
              <select value={row.contactId} onChange={(event) => setEvent(index, { contactId: event.target.value })}>
                {form.contacts.map((contact) => (
                  <option key={contact.id} value={contact.id}>
                    {contact.id}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('eventName')}
              <input value={row.name} onChange={(event) => setEvent(index, { name: event.target.value })} />
            </label>
            <label>
              {t('afterMinutes')}
              <input type="number" min={0} value={row.afterMinutes} onChange={(event) => setEvent(index, { afterMinutes: Number(event.target.value) })} />
            </label>
            <label>
              {t('properties')}
              <input value={row.properties} onChange={(event) => setEvent(index, { properties: event.target.value })} />
            </label>
            <button type="button" className="link" onClick={() => setForm({ ...form, events: form.events.filter((_, at) => at !== index) })}>
              {t('remove')}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setForm({ ...form, events: [...form.events, { contactId: form.contacts[0]?.id ?? '', name: '', afterMinutes: 60, properties: '{}' }] })}>
          {t('addEvent')}
        </button>
      </fieldset>

      {branchingActions.length > 0 && (
        <fieldset>
          <legend>{t('outcomes')}</legend>
          {branchingActions.map((action) => (
            <label key={action.id}>
              {action.id} ({action.title})
              <select value={chosenPorts[action.id] ?? action.ports[0]} onChange={(event) => setChosenPorts({ ...chosenPorts, [action.id]: event.target.value })}>
                {action.ports.map((port) => (
                  <option key={port} value={port}>
                    {port}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}

      <button type="button" className="primary" disabled={!plan} onClick={() => void run()}>
        {t('run')}
      </button>
      {!plan && <p className="muted">{t('fixFirst', { count: problemCount })}</p>}
      {errors.map((error) => (
        <p className="error" role="alert" key={error}>
          {error}
        </p>
      ))}
      {steps && <Replay steps={steps} position={position} onStep={(at) => show(steps, at)} />}
    </div>
  );
}

function Replay({ steps, position, onStep }: { steps: Step[]; position: number; onStep: (at: number) => void }) {
  const { t } = useTranslation('testRun');
  const format = useFormat();
  if (steps.length === 0) return <p className="muted">{t('nothingHappened')}</p>;
  return (
    <section className="replay" aria-label={t('timeline')}>
      <h3>{t('timeline')}</h3>
      <div className="test-run__row">
        <button type="button" onClick={() => onStep(Math.max(0, position - 1))} disabled={position === 0} aria-label={t('previous')}>
          ◀
        </button>
        <input type="range" min={0} max={steps.length - 1} value={position} onChange={(event) => onStep(Number(event.target.value))} aria-label={t('step')} />
        <button type="button" onClick={() => onStep(Math.min(steps.length - 1, position + 1))} disabled={position === steps.length - 1} aria-label={t('next')}>
          ▶
        </button>
        <span className="muted">
          {position + 1} / {steps.length}
        </span>
      </div>
      <ol className="replay__list">
        {steps.map((step, index) => (
          <li key={index} className={index === position ? 'is-current' : index < position ? 'is-past' : undefined}>
            <button type="button" onClick={() => onStep(index)} data-testid="timeline-entry" data-entry-type={step.entry.type}>
              <time dateTime={step.entry.at}>{format.dateTime(step.entry.at)}</time> <strong>{step.contactId}</strong> {t(`entry.${step.entry.type}`, entryValues(step.entry))}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

function entryValues(entry: TimelineEntry): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(entry)) values[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return values;
}
