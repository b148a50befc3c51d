import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Rule } from '@trellis/journey';
import { useSession } from '../../session/session';
import { ProblemAlert } from '../contacts/ProblemAlert';
import type { ConditionProblem } from './rule-draft';
import { ruleFrom, ruleStateOf, type RuleState } from './rule-state';
import { RuleBuilder } from './RuleBuilder';
import { segmentKeyPattern, segmentPath, type Segment } from './segment-types';
import { SegmentPreview } from './SegmentPreview';

const emptyRule: Rule = { kind: 'all', rules: [] };

/**
 * Defines a segment (key, name, rule, how often it is re-evaluated) or changes one; "Preview"
 * counts who the rule matches now before anything is saved. An edit sends only what changed.
 */
export function SegmentEditor({ segment, onSaved, onCancel }: { segment?: Segment; onSaved: (segment: Segment) => void; onCancel: () => void }) {
  const { t } = useTranslation('segments');
  const { api, can } = useSession();
  const [key, setKey] = useState('');
  const [name, setName] = useState(segment?.name ?? '');
  const [description, setDescription] = useState(segment?.description ?? '');
  const [sweepMinutes, setSweepMinutes] = useState(String(segment?.sweepMinutes ?? 60));
  const [rule, setRule] = useState<RuleState>(() => ruleStateOf(segment?.rule ?? emptyRule));
  const [problems, setProblems] = useState(new Map<number, ConditionProblem>());
  const [ruleProblem, setRuleProblem] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [unchanged, setUnchanged] = useState(false);
  const writable = can('segments:write');
  const titleId = segment ? `edit-segment-${segment.key}` : 'new-segment';
  const badKey = !segment && key !== '' && !segmentKeyPattern.test(key);

  /** The rule as it stands, or undefined after showing what to fix. */
  const currentRule = (): Rule | undefined => {
    const result = ruleFrom(rule);
    setProblems('problems' in result ? result.problems : new Map());
    setRuleProblem('badJson' in result ? t('rule.badJson', { error: result.badJson }) : undefined);
    return 'rule' in result ? result.rule : undefined;
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
    setSaving(true);
    setError(undefined);
    try {
      onSaved(await request());
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
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
      <RuleBuilder state={rule} problems={problems} onChange={setRule} />
      {ruleProblem && (
        <p className="ws-field-error" role="alert">
          {ruleProblem}
        </p>
      )}
      <SegmentPreview currentRule={currentRule} />
      {error !== undefined && <ProblemAlert error={error} />}
      {unchanged && (
        <p className="ws-notice" role="status">
          {t('editor.unchanged')}
        </p>
      )}
      <div className="ws-actions">
        <button type="submit" className="ws-button ws-button--primary" disabled={saving || !writable || badKey} title={writable ? undefined : t('common:notAllowed')}>
          {saving ? t('editor.saving') : segment ? t('common:save') : t('editor.create')}
        </button>
        <button type="button" className="ws-button" onClick={onCancel}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
