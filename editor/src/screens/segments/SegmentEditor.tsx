import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { queryableRule, type Rule } from '@trellis/journey';
import { ruleIssues } from '../../journey/rules/rule-model';
import { RuleBuilder } from '../../journey/rules/RuleBuilder';
import { useRuleErrors } from '../../journey/rules/use-rule-errors';
import { useSession } from '../../session/session';
import { FormFooter } from '../../ui/FormFooter';
import { useAction } from '../../ui/use-action';
import { segmentKeyPattern, segmentPath, type Segment } from './segment-types';
import { SegmentPreview } from './SegmentPreview';

/** A segment without conditions holds every contact; the builder has no rule for it. */
const everyone: Rule = { kind: 'all', rules: [] };

/**
 * Defines a segment (key, name, rule, how often it is re-evaluated) or changes one; "Preview"
 * counts who the rule matches now before anything is saved. An edit sends only what changed.
 * The rule is checked in the browser with the schema the segments API applies (`queryableRule`:
 * no field name the database would read as an operator), so its problems show at their fields.
 */
export function SegmentEditor({ segment, onSaved, onCancel }: { segment?: Segment; onSaved: (segment: Segment) => void; onCancel: () => void }) {
  const { t } = useTranslation('segments');
  const { api, can } = useSession();
  const [key, setKey] = useState('');
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [sweepMinutes, setSweepMinutes] = useState(String(segment?.sweepMinutes ?? 60));
  const [rule, setRule] = useState(segment?.rule);
  // Blank rows are not wrong while being filled in: problems show once a preview or save is tried.
  const [checked, setChecked] = useState(false);
  const ruleErrors = useRuleErrors(checked ? rule : undefined, queryableRule);
  const save = useAction();
  const [unchanged, setUnchanged] = useState(false);
  const writable = can('segments:write');
  const titleId = segment ? `edit-segment-${segment.key}` : 'new-segment';
  const badKey = !segment && key !== '' && !segmentKeyPattern.test(key);

  /** The rule to send, or undefined after showing what to fix. */
  const currentRule = (): Rule | undefined => {
    setChecked(true);
    const value = rule ?? everyone;
    return ruleIssues(value, queryableRule).length === 0 ? value : undefined;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setUnchanged(false);
    const value = currentRule();
    if (!value) return;
    const minutes = Number(sweepMinutes);
    let request: () => Promise<Segment>;
    if (segment) {
      const body = {
        ...(name.trim() !== segment.name ? { name: name.trim() } : {}),
        ...(description.trim() !== (segment.description ?? '') ? { description: description.trim() || null } : {}),
        ...(JSON.stringify(value) !== JSON.stringify(segment.rule) ? { rule: value } : {}),
        ...(minutes !== segment.sweepMinutes ? { sweepMinutes: minutes } : {}),
      };
      if (Object.keys(body).length === 0) return setUnchanged(true);
      request = () => api.patch<Segment>(segmentPath(segment.key), body);
    } else {
      request = () => api.post<Segment>('/v1/segments', { key, name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}), rule: value, sweepMinutes: minutes });
    }
    await save.run(request, onSaved);
  };

  return (
    <form className="ws-card ws-form" aria-labelledby={titleId} onSubmit={(event) => void submit(event)} noValidate>
      <h2 id={titleId}>{segment ? t('editor.editTitle', { name: segment.name }) : t('editor.newTitle')}</h2>
      <div className="ws-form-row">
        {!segment && (
          <label className="ws-field">
            <span className="ws-field__label">{t('fields.key')}</span>
            <input className="ws-code" value={key} onChange={(event) => setKey(event.target.value)} required aria-invalid={badKey || undefined} aria-describedby="segment-key-hint" />
            <span id="segment-key-hint" className={badKey ? 'ws-field-error' : 'ws-hint'}>
              {t('editor.keyHint')}
            </span>
          </label>
        )}
        <label className="ws-field">
          <span className="ws-field__label">{t('fields.name')}</span>
          <input value={name} onChange={(event) => setName(event.target.value)} required />
        </label>
        <label className="ws-field">
          <span className="ws-field__label">{t('fields.sweepMinutes')}</span>
          <input type="number" min={1} max={10080} value={sweepMinutes} onChange={(event) => setSweepMinutes(event.target.value)} aria-describedby={`${titleId}-sweep-hint`} />
          <span id={`${titleId}-sweep-hint`} className="ws-hint">
            {t('editor.sweepHint')}
          </span>
        </label>
      </div>
      <label className="ws-field">
        <span className="ws-field__label">{t('fields.description')}</span>
        <textarea rows={2} value={description} onChange={(event) => setDescription(event.target.value)} />
      </label>
      <div className="ws-rule">
        <RuleBuilder value={rule} onChange={setRule} idPrefix={`${titleId}-rule`} label={t('rule.title')} errors={ruleErrors} />
      </div>
      <SegmentPreview currentRule={currentRule} />
      <FormFooter
        save={save}
        notice={unchanged ? t('editor.unchanged') : undefined}
        submitLabel={segment ? t('common:save') : t('editor.create')}
        busyLabel={t('editor.saving')}
        disabled={!writable || badKey}
        title={writable ? undefined : t('common:notAllowed')}
        onCancel={onCancel}
      />
    </form>
  );
}
