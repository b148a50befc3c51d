import { lifecycleStages, maxRuleDepth } from '@trellis/journey';
import type { Duration, DurationUnit, FieldOp, FieldRule, LeafRule, Rule, TagsRule } from '@trellis/journey';
import { createContext, useContext, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  addToList,
  appendRule,
  changeKind,
  conditionKindOf,
  conditionKindsBySubject,
  convertScalar,
  defaultConditionFor,
  defaultDuration,
  durationUnits,
  errorsLeftOver,
  errorsWithin,
  fitsDepth,
  formatScalar,
  isoToLocalInput,
  isRuleLike,
  isValidPath,
  localInputToIso,
  nameOf,
  newGroup,
  opsFor,
  orderMeasures,
  parseAmount,
  parseCount,
  parseList,
  parseNumber,
  parseScalar,
  pathFromName,
  removeAt,
  ruleView,
  scalarTypeOf,
  setEventWhere,
  setGroupKind,
  storedKey,
  storedRule,
  toggleNot,
  updateAt,
  valueKindOf,
  withEventOp,
  withEventWithin,
  withFieldOp,
  withOrderMeasure,
  withTagsOp,
  type ConditionKind,
  type EventOp,
  type EventRule,
  type GroupRule,
  type RulePath,
  type RuleSubject,
  type Scalar,
  type ScalarType,
  type TagsOp,
} from './rule-model';
import './rules.css';

export interface RuleSuggestions {
  /** Trait names, with or without "traits.". */
  traits?: string[];
  tags?: string[];
  events?: string[];
  /** Event property names, with or without "properties.". */
  properties?: string[];
  /** Customer group ids. */
  customerGroups?: string[];
}

export interface RuleBuilderProps {
  value: Rule | undefined;
  /** Called with the whole rule after each edit; undefined once the last condition is removed. */
  onChange(rule: Rule | undefined): void;
  /** Makes every control's id unique on the page (e.g. rjsf's `idSchema.$id`). */
  idPrefix: string;
  label: string;
  /** Messages keyed by dotted path inside the rule, e.g. "rules.0.value" ("" for the whole rule). */
  errors?: Record<string, string[]>;
  suggestions?: RuleSuggestions;
  /** "event" for property filters (a `where`): rows are then field rules on `properties.*`. */
  subject?: RuleSubject;
  readOnly?: boolean;
  /** When the form around already shows `label` (it still names the builder for assistive technology). */
  hideLabel?: boolean;
}

interface Builder {
  view: GroupRule;
  stored: Rule | undefined;
  errors: Record<string, string[]> | undefined;
  lists: { traits?: string; tags?: string; events?: string; properties?: string; customerGroups?: string };
  id(path: RulePath, part: string): string;
  key(path: RulePath): string;
  apply(next: Rule, focusId?: string): void;
}

const BuilderContext = createContext<Builder | null>(null);

function useBuilder(): Builder {
  const builder = useContext(BuilderContext);
  if (!builder) throw new Error('rules controls render inside a RuleBuilder');
  return builder;
}

function useRulesT() {
  return useTranslation('rules').t;
}

const kindClass = (prefix: string, on: boolean, modifier: string) => (on ? ` ${prefix}--${modifier}` : '');

/**
 * The visual editor of one rule (a branch's condition, a wait's, an audience, a property
 * filter): groups of conditions matched ALL / ANY, nested, each row or group negatable. The rule
 * stays the only state: every edit goes out through `onChange` as the whole new rule.
 */
export function RuleBuilder({ value, onChange, idPrefix, label, errors, suggestions, subject = 'contact', readOnly, hideLabel }: RuleBuilderProps) {
  const view = useMemo(() => ruleView(value), [value]);
  const pendingFocus = useRef<string | null>(null);
  useEffect(() => {
    const id = pendingFocus.current;
    pendingFocus.current = null;
    if (id) document.getElementById(id)?.focus();
  }, [value]);

  const lists = useMemo(() => {
    const listId = (name: string, values: string[] | undefined) => (values?.length ? `${idPrefix}-${name}-suggestions` : undefined);
    return {
      traits: listId('traits', suggestions?.traits),
      tags: listId('tags', suggestions?.tags),
      events: listId('events', suggestions?.events),
      properties: listId('properties', suggestions?.properties),
      customerGroups: listId('groups', suggestions?.customerGroups),
    };
  }, [idPrefix, suggestions]);

  const builder: Builder = {
    view,
    stored: value,
    errors,
    lists,
    id: (path, part) => `${idPrefix}-${path.length ? path.join('-') : 'root'}-${part}`,
    key: (path) => storedKey(value, path),
    apply: (next, focusId) => {
      pendingFocus.current = focusId ?? null;
      onChange(storedRule(next.kind === 'all' || next.kind === 'any' ? next : { kind: 'all', rules: [next] }));
    },
  };

  const datalist = (id: string | undefined, values: string[] | undefined, prefix = '') =>
    id && (
      <datalist id={id}>
        {[...new Set(values!.map((entry) => (prefix && entry.startsWith(prefix) ? entry.slice(prefix.length) : entry)))].map((entry) => (
          <option key={entry} value={entry} />
        ))}
      </datalist>
    );

  return (
    <fieldset className="rules" disabled={readOnly}>
      <legend className={hideLabel ? 'rules-visually-hidden' : 'rules__legend'}>{label}</legend>
      {datalist(lists.traits, suggestions?.traits, 'traits.')}
      {datalist(lists.tags, suggestions?.tags)}
      {datalist(lists.events, suggestions?.events)}
      {datalist(lists.properties, suggestions?.properties, 'properties.')}
      {datalist(lists.customerGroups, suggestions?.customerGroups)}
      <BuilderContext.Provider value={builder}>
        <GroupEditor path={[]} group={view} subject={subject} title={label} />
      </BuilderContext.Provider>
    </fieldset>
  );
}

// ---------------------------------------------------------------------------------------------
// Groups and rows

interface GroupEditorProps {
  path: RulePath;
  group: GroupRule;
  subject: RuleSubject;
  /** The group's name for assistive technology. */
  title: string;
  /** Controls shown before the ALL / ANY toggle (NOT) and after it (remove). */
  before?: ReactNode;
  after?: ReactNode;
  negated?: boolean;
  /** Shown when the group has no rows. */
  emptyText?: string;
  /** A visible heading above the group (a property filter's "Only events where"). */
  heading?: string;
}

function GroupEditor({ path, group, subject, title, before, after, negated = false, emptyText, heading }: GroupEditorProps) {
  const t = useRulesT();
  const { view, errors, id, key, apply } = useBuilder();
  const rowPaths = group.rules.map((_, index) => [...path, 'rules', index]);
  const groupKey = key(path);
  const rowKeys = rowPaths.map((rowPath) => key(rowPath));
  // A group the builder adds around a single stored rule has that rule's key: its row shows the errors.
  const messages = rowKeys.includes(groupKey) ? [] : errorsLeftOver(errors, groupKey, rowKeys);
  const full = group.rules.length >= 100;
  const withCondition = appendRule(view, path, defaultConditionFor(subject));
  const withGroup = appendRule(view, path, newGroup(subject));
  const canAddCondition = !full && fitsDepth(withCondition);
  const canAddGroup = !full && fitsDepth(withGroup);
  const headingId = id(path, 'title');
  const matchId = id(path, 'match');
  const next = group.rules.length;

  return (
    <div role="group" aria-labelledby={headingId} className={`rules-group${kindClass('rules-group', group.kind === 'any', 'any')}${kindClass('rules-group', negated, 'not')}`}>
      {heading ? (
        <span id={headingId} className="rules-group__heading">
          {heading}
        </span>
      ) : (
        <span id={headingId} className="rules-visually-hidden">
          {negated ? `${t('not')} ${title}` : title}
        </span>
      )}
      <div className="rules-line rules-group__head">
        {before}
        {group.rules.length > 0 ? (
          <div className="rules-match" role="group" aria-labelledby={matchId}>
            <span id={matchId} className="rules-visually-hidden">
              {t('match.label')}
            </span>
            <span aria-hidden="true">{t('match.prefix')}</span>
            {(['all', 'any'] as const).map((kind) => (
              <button
                key={kind}
                type="button"
                id={id(path, `match-${kind}`)}
                className="rules-toggle"
                aria-pressed={group.kind === kind}
                onClick={() => group.kind !== kind && apply(setGroupKind(view, path, kind), id(path, `match-${kind}`))}
              >
                {t(`match.${kind}`)}
              </button>
            ))}
            <span aria-hidden="true">{t('match.suffix')}</span>
          </div>
        ) : (
          <span className="rules-muted">{emptyText ?? t(path.length > 0 ? 'emptyGroup' : subject === 'event' ? 'emptyEvent' : 'empty')}</span>
        )}
        {after}
      </div>
      <ErrorText id={id(path, 'errors')} messages={messages} />
      {group.rules.length > 0 && (
        <ol className="rules-group__rows">
          {group.rules.map((rule, index) => (
            <li key={index}>
              <RowEditor path={rowPaths[index]!} rule={rule} subject={subject} index={index} groupPath={path} rowCount={group.rules.length} />
            </li>
          ))}
        </ol>
      )}
      <div className="rules-line rules-group__add">
        <button type="button" id={id(path, 'add')} className="rules-add" disabled={!canAddCondition} onClick={() => apply(withCondition, id([...path, 'rules', next], 'kind'))}>
          {t('addCondition')}
        </button>
        <button
          type="button"
          id={id(path, 'add-group')}
          className="rules-add"
          disabled={!canAddGroup}
          aria-describedby={canAddGroup ? undefined : id(path, 'depth')}
          onClick={() => apply(withGroup, id([...path, 'rules', next, 'rules', 0], 'kind'))}
        >
          {t('addGroup')}
        </button>
        {!canAddGroup && !full && (
          <span id={id(path, 'depth')} className="rules-muted">
            {t('depthLimit', { max: maxRuleDepth })}
          </span>
        )}
      </div>
    </div>
  );
}

interface RowEditorProps {
  path: RulePath;
  rule: Rule;
  subject: RuleSubject;
  index: number;
  groupPath: RulePath;
  rowCount: number;
}

function RowEditor({ path, rule, subject, index, groupPath, rowCount }: RowEditorProps) {
  const t = useRulesT();
  const { view, errors, id, key, apply } = useBuilder();
  // Junk from a hand-edited journey (null, an unknown kind) is shown as a row to remove.
  const known = isRuleLike(rule);
  const negated = known && rule.kind === 'not';
  const inner = known && rule.kind === 'not' ? rule.rule : rule;
  const innerPath = negated ? [...path, 'rule'] : path;
  const isGroup = known && (inner.kind === 'all' || inner.kind === 'any');
  const n = index + 1;
  const toggled = toggleNot(view, path);

  const notButton = (
    <button
      type="button"
      id={id(path, 'not')}
      className="rules-toggle rules-not"
      aria-pressed={negated}
      title={t('notHint')}
      disabled={!fitsDepth(toggled)}
      onClick={() => apply(toggled, id(path, 'not'))}
    >
      {t('not')}
      <span className="rules-visually-hidden"> – {t('notHint')}</span>
    </button>
  );
  // Focus goes to the row that takes this one's place, else the one before, else "+ Condition".
  const focusAfterRemove = rowCount > 1 ? id([...groupPath, 'rules', index < rowCount - 1 ? index : index - 1], 'not') : id(groupPath, 'add');
  const removeButton = (
    <button
      type="button"
      className="rules-remove"
      aria-label={t(isGroup ? 'remove.group' : 'remove.condition', { n })}
      title={t(isGroup ? 'remove.group' : 'remove.condition', { n })}
      onClick={() => apply(removeAt(view, path), focusAfterRemove)}
    >
      ×
    </button>
  );
  const notMessages = negated ? errorsLeftOver(errors, key(path), [key(innerPath)]) : [];

  let body: ReactNode;
  if (!known) {
    body = (
      <div role="group" aria-labelledby={id(path, 'title')} className="rules-row rules-row--unknown">
        <div className="rules-line">
          <span id={id(path, 'title')} className="rules-grow">
            {t('unknown', { n })}
          </span>
          {removeButton}
        </div>
        <code className="rules-unknown">{JSON.stringify(rule)}</code>
        <ErrorText id={id(path, 'errors')} messages={errorsWithin(errors, key(path))} />
      </div>
    );
  } else if (inner.kind === 'all' || inner.kind === 'any') {
    body = <GroupEditor path={innerPath} group={inner} subject={subject} title={t('row.group', { n })} before={notButton} after={removeButton} negated={negated} />;
  } else if (inner.kind === 'not') {
    // "not not": rare, shown as a NOT around a row with its own NOT toggle.
    body = (
      <div className="rules-row rules-row--not">
        <div className="rules-line">
          {notButton}
          <span className="rules-grow" />
          {removeButton}
        </div>
        <RowEditor path={innerPath} rule={inner} subject={subject} index={index} groupPath={groupPath} rowCount={rowCount} />
      </div>
    );
  } else {
    body = <ConditionEditor path={innerPath} rowPath={path} rule={inner} subject={subject} n={n} negated={negated} notButton={notButton} removeButton={removeButton} />;
  }
  return (
    <>
      {body}
      <ErrorText id={id(path, 'not-errors')} messages={notMessages} />
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Conditions

interface ConditionEditorProps<R extends LeafRule = LeafRule> {
  path: RulePath;
  rowPath: RulePath;
  rule: R;
  subject: RuleSubject;
  n: number;
  negated: boolean;
  notButton: ReactNode;
  removeButton: ReactNode;
}

function ConditionEditor(props: ConditionEditorProps) {
  const { path, rowPath, rule, subject, n, negated, notButton, removeButton } = props;
  const t = useRulesT();
  const { view, errors, id, key, apply } = useBuilder();
  const kind = conditionKindOf(rule, subject);
  const kinds = conditionKindsBySubject[subject].includes(kind) ? conditionKindsBySubject[subject] : [...conditionKindsBySubject[subject], kind];
  const parts = rule.kind === 'field' ? ['path', 'op', 'value'] : rule.kind === 'tags' ? ['op', 'tags'] : ['name', 'op', 'count', 'within', 'where'];
  const messages = errorsLeftOver(errors, key(path), parts.map((part) => key([...path, part])));
  const titleId = id(rowPath, 'title');

  return (
    <div role="group" aria-labelledby={titleId} className={`rules-row${kindClass('rules-row', negated, 'not')}`}>
      <span id={titleId} className="rules-visually-hidden">
        {negated ? `${t('not')} ${t('row.condition', { n })}` : t('row.condition', { n })}
      </span>
      <div className="rules-line">
        {notButton}
        <SelectInput
          id={id(rowPath, 'kind')}
          label={t('kind.label')}
          className="rules-grow"
          value={kind}
          options={kinds.map((option) => ({ value: option, label: t(`kind.${option}`) }))}
          onSelect={(next) => apply(updateAt(view, path, (current) => changeKind(current as LeafRule, next as ConditionKind, subject)), id(rowPath, 'kind'))}
        />
        {removeButton}
      </div>
      {rule.kind === 'field' ? (
        <FieldCondition {...props} rule={rule} kind={kind} />
      ) : rule.kind === 'tags' ? (
        <TagsCondition {...props} rule={rule} />
      ) : (
        <EventCondition {...props} rule={rule} />
      )}
      <ErrorText id={id(path, 'errors')} messages={messages} />
    </div>
  );
}

function useSetRule(path: RulePath) {
  const { view, apply } = useBuilder();
  return (next: Rule, focusId?: string) => apply(updateAt(view, path, () => next), focusId);
}

function opLabel(t: ReturnType<typeof useRulesT>, kind: ConditionKind, op: string): string {
  return t([`ops.${kind}.${op}`, `ops.field.${op}`]);
}

function FieldCondition({ path, rule, kind }: ConditionEditorProps<FieldRule> & { kind: ConditionKind }) {
  const t = useRulesT();
  const { id, key, lists } = useBuilder();
  const set = useSetRule(path);
  const ops = opsFor(kind, rule.path) as readonly FieldOp[];

  let pathControl: ReactNode = null;
  if (kind === 'trait' || kind === 'property' || kind === 'field') {
    pathControl = (
      <TextInput
        id={id(path, 'path')}
        label={t(`path.${kind}`)}
        placeholder={t(`path.${kind}Placeholder`)}
        errorKey={key([...path, 'path'])}
        className="rules-grow"
        list={kind === 'trait' ? lists.traits : kind === 'property' ? lists.properties : undefined}
        value={nameOf(rule.path, kind)}
        check={(text) => (text.trim() !== '' && !isValidPath(pathFromName(text, kind)) ? t('path.invalid') : undefined)}
        onText={(text) => set({ ...rule, path: pathFromName(text, kind) })}
      />
    );
  } else if (kind === 'orders') {
    pathControl = (
      <SelectInput
        id={id(path, 'path')}
        label={t('path.orders')}
        errorKey={key([...path, 'path'])}
        className="rules-grow"
        value={rule.path}
        options={orderMeasures.map((measure) => ({ value: measure.path, label: t(`orders.${measure.key}`) }))}
        onSelect={(measure) => set(withOrderMeasure(rule, measure))}
      />
    );
  }

  return (
    <>
      <div className="rules-line">
        {pathControl}
        <SelectInput
          id={id(path, 'op')}
          label={t('op.label')}
          errorKey={key([...path, 'op'])}
          value={rule.op}
          options={ops.map((op) => ({ value: op, label: opLabel(t, kind, op) }))}
          onSelect={(op) => set(withFieldOp(rule, op as FieldOp))}
        />
      </div>
      <FieldValue path={path} rule={rule} kind={kind} />
    </>
  );
}

function FieldValue({ path, rule, kind }: { path: RulePath; rule: FieldRule; kind: ConditionKind }) {
  const t = useRulesT();
  const { id, key, lists } = useBuilder();
  const set = useSetRule(path);
  if (!('value' in rule)) return null;
  const valueId = id(path, 'value');
  const errorKey = key([...path, 'value']);
  const setValue = (value: unknown) => set({ ...rule, value } as FieldRule);
  const stageOptions = lifecycleStages.map((stage) => ({ value: stage, label: t(`stages.${stage}`) }));

  switch (valueKindOf(rule.op)) {
    case 'scalar': {
      const value = rule.value as Scalar;
      if (kind === 'lifecycle') {
        return (
          <div className="rules-line">
            <SelectInput id={valueId} label={t('value.label')} errorKey={errorKey} className="rules-grow" value={String(value)} options={[{ value: '', label: t('value.choose') }, ...stageOptions]} onSelect={setValue} />
          </div>
        );
      }
      if (kind === 'customerGroup') {
        return (
          <div className="rules-line">
            <TextInput id={valueId} label={t('value.group')} placeholder={t('value.groupPlaceholder')} errorKey={errorKey} className="rules-grow" list={lists.customerGroups} value={String(value)} onText={setValue} />
          </div>
        );
      }
      return <ScalarInput id={valueId} errorKey={errorKey} value={value} onValue={setValue} />;
    }
    case 'list': {
      const values = rule.value as Scalar[];
      if (kind === 'lifecycle') {
        return (
          <CheckboxGroup
            id={valueId}
            label={t('value.stages')}
            errorKey={errorKey}
            options={stageOptions}
            values={values.map(String)}
            onValues={(next) => setValue(lifecycleStages.filter((stage) => next.includes(stage)))}
          />
        );
      }
      const strings = kind === 'customerGroup';
      return (
        <ChipsInput
          id={valueId}
          label={t('value.list')}
          placeholder={t('value.listPlaceholder')}
          errorKey={errorKey}
          list={strings ? lists.customerGroups : undefined}
          values={values}
          parse={(text) => (strings ? parseList(text).map(String) : parseList(text))}
          onValues={setValue}
        />
      );
    }
    case 'number':
      return (
        <div className="rules-line">
          <NumberInput id={valueId} label={t('value.number')} errorKey={errorKey} value={rule.value as number} onValue={setValue} />
        </div>
      );
    case 'date':
      return <DateInput id={valueId} errorKey={errorKey} value={rule.value as string} onValue={setValue} />;
    case 'duration':
      return <DurationInput idBase={valueId} errorKey={errorKey} value={rule.value as Duration} onValue={setValue} />;
    case 'none':
      return null;
  }
}

function TagsCondition({ path, rule }: ConditionEditorProps<TagsRule>) {
  const t = useRulesT();
  const { id, key, lists } = useBuilder();
  const set = useSetRule(path);
  return (
    <>
      <div className="rules-line">
        <SelectInput
          id={id(path, 'op')}
          label={t('op.label')}
          errorKey={key([...path, 'op'])}
          className="rules-grow"
          value={rule.op}
          options={opsFor('tags').map((op) => ({ value: op, label: opLabel(t, 'tags', op) }))}
          onSelect={(op) => set(withTagsOp(rule, op as TagsOp))}
        />
      </div>
      <ChipsInput
        id={id(path, 'tags')}
        label={t('tags.label')}
        placeholder={t('tags.placeholder')}
        errorKey={key([...path, 'tags'])}
        list={lists.tags}
        values={rule.tags}
        parse={(text) => parseList(text).map(String)}
        onValues={(tags) => set({ ...rule, tags })}
      />
    </>
  );
}

function EventCondition({ path, rule }: ConditionEditorProps<EventRule>) {
  const t = useRulesT();
  const { view, id, key, lists, apply } = useBuilder();
  const set = useSetRule(path);
  const wherePath = [...path, 'where'];
  const withWhere = setEventWhere(view, path, true);
  const timeframeId = id(path, 'timeframe');
  return (
    <>
      <div className="rules-line">
        <TextInput
          id={id(path, 'name')}
          label={t('event.name')}
          placeholder={t('event.namePlaceholder')}
          errorKey={key([...path, 'name'])}
          className="rules-grow"
          list={lists.events}
          value={rule.name}
          onText={(name) => set({ ...rule, name })}
        />
      </div>
      <div className="rules-line">
        <SelectInput
          id={id(path, 'op')}
          label={t('event.op')}
          errorKey={key([...path, 'op'])}
          value={rule.op}
          options={opsFor('event').map((op) => ({ value: op, label: opLabel(t, 'event', op) }))}
          onSelect={(op) => set(withEventOp(rule, op as EventOp))}
        />
        {rule.op !== 'none' && (
          <>
            <TextInput
              id={id(path, 'count')}
              label={t('event.count')}
              errorKey={key([...path, 'count'])}
              className="rules-narrow"
              inputMode="numeric"
              value={rule.count === undefined ? '' : String(rule.count)}
              check={(text) => (parseCount(text) === undefined ? t('event.notACount') : undefined)}
              onText={(text) => {
                const count = parseCount(text);
                if (count !== undefined) set({ ...rule, count });
              }}
            />
            <span aria-hidden="true">{t('event.times')}</span>
          </>
        )}
      </div>
      <div className="rules-line">
        <SelectInput
          id={timeframeId}
          label={t('event.timeframe')}
          value={rule.within ? 'inLast' : 'ever'}
          options={[
            { value: 'ever', label: t('event.ever') },
            { value: 'inLast', label: t('event.inLast') },
          ]}
          onSelect={(frame) => set(withEventWithin(rule, frame === 'inLast' ? defaultDuration : undefined), timeframeId)}
        />
        {rule.within && <DurationInput idBase={id(path, 'within')} errorKey={key([...path, 'within'])} value={rule.within} onValue={(within) => set(withEventWithin(rule, within))} inline />}
      </div>
      {rule.where && (rule.where.kind === 'all' || rule.where.kind === 'any') ? (
        <div className="rules-where">
          <GroupEditor
            path={wherePath}
            group={rule.where}
            subject="event"
            title={t('event.where')}
            emptyText={t('event.whereEmpty')}
            heading={t('event.where')}
            after={
              <button
                type="button"
                className="rules-remove"
                aria-label={t('event.removeWhere')}
                title={t('event.removeWhere')}
                onClick={() => apply(removeAt(view, wherePath), id(path, 'add-where'))}
              >
                ×
              </button>
            }
          />
        </div>
      ) : (
        <div className="rules-line">
          <button type="button" id={id(path, 'add-where')} className="rules-add" disabled={!fitsDepth(withWhere)} onClick={() => apply(withWhere, id([...wherePath, 'rules', 0], 'kind'))}>
            {t('event.addWhere')}
          </button>
        </div>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Controls: each labelled (visually hidden), with its errors under it.

function ErrorText({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div id={id} role="alert" className="rules-error">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

interface ControlProps {
  id: string;
  label: string;
  errorKey?: string;
  className?: string;
  hint?: string;
  /** A problem found as the marketer types (not a number…), shown with the errors. */
  problem?: string;
  children: (aria: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}

function Control({ id, label, errorKey, className, hint, problem, children }: ControlProps) {
  const { errors } = useBuilder();
  const messages = [...(problem ? [problem] : []), ...(errorKey === undefined ? [] : errorsWithin(errors, errorKey))];
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', messages.length ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div className={`rules-control${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="rules-visually-hidden">
        {label}
      </label>
      {children({ id, ...(messages.length ? { 'aria-invalid': true } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {hint && (
        <span id={hintId} className="rules-hint">
          {hint}
        </span>
      )}
      <ErrorText id={errorId} messages={messages} />
    </div>
  );
}

function SelectInput({ options, value, onSelect, ...control }: Omit<ControlProps, 'children'> & { value: string; options: { value: string; label: string }[]; onSelect(value: string): void }) {
  return (
    <Control {...control}>
      {(aria) => (
        <select {...aria} value={value} onChange={(event) => onSelect(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Control>
  );
}

/** Enter in a text box must not submit the inspector's form. */
function keepEnter(event: KeyboardEvent<HTMLInputElement>) {
  if (event.key === 'Enter') event.preventDefault();
}

interface TextInputProps extends Omit<ControlProps, 'children' | 'problem'> {
  value: string;
  onText(text: string): void;
  /** A problem with the text as typed; the rule keeps its last good value meanwhile. */
  check?(text: string): string | undefined;
  placeholder?: string;
  list?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
}

/** A text box that shows what is typed ("1." on the way to "1.5") while the rule holds what it parses to. */
function TextInput({ value, onText, check, placeholder, list, inputMode, ...control }: TextInputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? value;
  return (
    <Control {...control} problem={draft !== null ? check?.(draft) : undefined}>
      {(aria) => (
        <input
          {...aria}
          type="text"
          value={text}
          placeholder={placeholder}
          list={list}
          inputMode={inputMode}
          autoComplete="off"
          onChange={(event) => {
            setDraft(event.target.value);
            onText(event.target.value);
          }}
          onBlur={() => setDraft(null)}
          onKeyDown={keepEnter}
        />
      )}
    </Control>
  );
}

function NumberInput({ value, onValue, ...control }: Omit<TextInputProps, 'value' | 'onText' | 'check'> & { value: number; onValue(value: number): void }) {
  const t = useRulesT();
  return (
    <TextInput
      {...control}
      className="rules-narrow"
      inputMode="decimal"
      value={String(value)}
      check={(text) => (parseNumber(text) === undefined ? t('value.notANumber') : undefined)}
      onText={(text) => {
        const number = parseNumber(text);
        if (number !== undefined) onValue(number);
      }}
    />
  );
}

/** Text, a number or true / false: typed text is read as what it looks like; the type select overrides. */
function ScalarInput({ id, errorKey, value, onValue }: { id: string; errorKey: string; value: Scalar; onValue(value: Scalar): void }) {
  const t = useRulesT();
  const type = scalarTypeOf(value);
  return (
    <div className="rules-line">
      {type === 'boolean' ? (
        <SelectInput
          id={id}
          label={t('value.label')}
          errorKey={errorKey}
          className="rules-grow"
          value={String(value)}
          options={[
            { value: 'true', label: t('value.true') },
            { value: 'false', label: t('value.false') },
          ]}
          onSelect={(text) => onValue(text === 'true')}
        />
      ) : (
        <TextInput
          id={id}
          label={t('value.label')}
          placeholder={t('value.placeholder')}
          errorKey={errorKey}
          className="rules-grow"
          value={formatScalar(value)}
          onText={(text) => onValue(parseScalar(text, value))}
        />
      )}
      <SelectInput
        id={`${id}-type`}
        label={t('value.type')}
        className="rules-type"
        value={type}
        options={(['string', 'number', 'boolean'] as const).map((option) => ({ value: option, label: t(`value.types.${option}`) }))}
        onSelect={(next) => onValue(convertScalar(value, next as ScalarType))}
      />
    </div>
  );
}

function DateInput({ id, errorKey, value, onValue }: { id: string; errorKey: string; value: string; onValue(value: string): void }) {
  const t = useRulesT();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className="rules-line">
      <Control id={id} label={t('value.date')} errorKey={errorKey} className="rules-grow" hint={t('value.timezone', { zone })}>
        {(aria) => <input {...aria} type="datetime-local" value={isoToLocalInput(value)} onChange={(event) => onValue(localInputToIso(event.target.value))} />}
      </Control>
    </div>
  );
}

function DurationInput({ idBase, errorKey, value, onValue, inline }: { idBase: string; errorKey: string; value: Duration; onValue(value: Duration): void; inline?: boolean }) {
  const t = useRulesT();
  const controls = (
    <>
      <TextInput
        id={`${idBase}-amount`}
        label={t('duration.amount')}
        errorKey={`${errorKey}.amount`}
        className="rules-narrow"
        inputMode="numeric"
        value={String(value.amount)}
        check={(text) => (parseAmount(text) === undefined ? t('duration.notAnAmount') : undefined)}
        onText={(text) => {
          const amount = parseAmount(text);
          if (amount !== undefined) onValue({ ...value, amount });
        }}
      />
      <SelectInput
        id={`${idBase}-unit`}
        label={t('duration.unit')}
        errorKey={`${errorKey}.unit`}
        value={value.unit}
        options={durationUnits.map((unit) => ({ value: unit, label: t(`duration.units.${unit}`) }))}
        onSelect={(unit) => onValue({ ...value, unit: unit as DurationUnit })}
      />
      <DurationErrors errorKey={errorKey} id={`${idBase}-errors`} />
    </>
  );
  return inline ? controls : <div className="rules-line">{controls}</div>;
}

/** Errors on the duration as a whole (not its amount or unit). */
function DurationErrors({ errorKey, id }: { errorKey: string; id: string }) {
  const { errors } = useBuilder();
  return <ErrorText id={id} messages={errorsLeftOver(errors, errorKey, [`${errorKey}.amount`, `${errorKey}.unit`])} />;
}

function CheckboxGroup({ id, label, errorKey, options, values, onValues }: { id: string; label: string; errorKey: string; options: { value: string; label: string }[]; values: string[]; onValues(values: string[]): void }) {
  const { errors } = useBuilder();
  const messages = errorsWithin(errors, errorKey);
  return (
    <fieldset className="rules-checks" aria-describedby={messages.length ? `${id}-error` : undefined} aria-invalid={messages.length ? true : undefined}>
      <legend className="rules-visually-hidden">{label}</legend>
      {options.map((option) => (
        <label key={option.value} className="rules-check">
          <input
            type="checkbox"
            id={`${id}-${option.value}`}
            checked={values.includes(option.value)}
            onChange={(event) => onValues(event.target.checked ? [...values, option.value] : values.filter((value) => value !== option.value))}
          />
          {option.label}
        </label>
      ))}
      <ErrorText id={`${id}-error`} messages={messages} />
    </fieldset>
  );
}

interface ChipsInputProps<T extends Scalar> {
  id: string;
  label: string;
  placeholder: string;
  errorKey: string;
  list?: string;
  values: readonly T[];
  parse(text: string): T[];
  onValues(values: T[]): void;
}

/** A list typed one value at a time: Enter or a comma adds, Backspace in the empty box removes the last. */
function ChipsInput<T extends Scalar>({ id, label, placeholder, errorKey, list, values, parse, onValues }: ChipsInputProps<T>) {
  const t = useRulesT();
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const commit = (raw: string) => {
    const added = parse(raw);
    if (added.length) onValues(addToList(values, added));
    setText('');
  };
  return (
    <Control id={id} label={label} errorKey={errorKey} hint={t('chips.hint')} className="rules-chips">
      {(aria) => (
        <div className="rules-chips__box">
          {values.length > 0 && (
            <ul className="rules-chips__list" aria-label={t('chips.chosen', { label })}>
              {values.map((value, index) => (
                <li key={`${index}:${typeof value}:${String(value)}`} className="rules-chip">
                  <span>{formatScalar(value)}</span>
                  <button
                    type="button"
                    aria-label={t('chips.remove', { value: formatScalar(value) })}
                    onClick={() => {
                      onValues(values.filter((_, i) => i !== index));
                      input.current?.focus();
                    }}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          )}
          <input
            {...aria}
            ref={input}
            type="text"
            value={text}
            placeholder={placeholder}
            list={list}
            autoComplete="off"
            onChange={(event) => {
              const next = event.target.value;
              if (/[,，、;；\n]/.test(next)) commit(next);
              else setText(next);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                commit(text);
              } else if (event.key === 'Backspace' && text === '' && values.length > 0) {
                onValues(values.slice(0, -1));
              }
            }}
            onBlur={() => text.trim() && commit(text)}
          />
        </div>
      )}
    </Control>
  );
}
