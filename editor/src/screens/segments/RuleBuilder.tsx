import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConditionRow, PathSuggestions } from './ConditionRow';
import { draftOf, newCondition, type Condition, type ConditionProblem } from './rule-draft';
import { ruleFrom, type RuleState } from './rule-state';

/**
 * Who is in the segment: "all" or "any" of a list of conditions, or the rule as JSON for shapes
 * the form does not show (nested groups, "not", event property filters).
 */
export function RuleBuilder({ state, problems, onChange }: { state: RuleState; problems: Map<number, ConditionProblem>; onChange: (state: RuleState) => void }) {
  const { t } = useTranslation('segments');
  const [switchProblem, setSwitchProblem] = useState<string>();

  const toJson = () => {
    const result = ruleFrom(state);
    if (!('rule' in result)) return setSwitchProblem(t('rule.fixFirst'));
    setSwitchProblem(undefined);
    onChange({ mode: 'json', text: JSON.stringify(result.rule, null, 2) });
  };
  const toForm = () => {
    const result = ruleFrom(state);
    if ('badJson' in result) return setSwitchProblem(t('rule.badJson', { error: result.badJson }));
    const draft = 'rule' in result && typeof result.rule === 'object' && result.rule !== null ? draftOf(result.rule) : undefined;
    if (!draft) return setSwitchProblem(t('rule.tooComplex'));
    setSwitchProblem(undefined);
    onChange({ mode: 'form', draft });
  };

  if (state.mode === 'json') {
    return (
      <fieldset className="ws-fieldset ws-rule">
        <legend>{t('rule.title')}</legend>
        <label className="ws-field">
          <span className="ws-field__label">{t('rule.json')}</span>
          <textarea className="ws-code" rows={12} value={state.text} onChange={(event) => onChange({ mode: 'json', text: event.target.value })} spellCheck={false} aria-describedby="rule-json-hint" />
          <span id="rule-json-hint" className="ws-hint">
            {t('rule.jsonHint')}
          </span>
        </label>
        {switchProblem && (
          <p className="ws-field-error" role="alert">
            {switchProblem}
          </p>
        )}
        <button type="button" className="ws-button ws-button--small" onClick={toForm}>
          {t('rule.useForm')}
        </button>
      </fieldset>
    );
  }

  const { draft } = state;
  const setConditions = (conditions: Condition[]) => onChange({ mode: 'form', draft: { ...draft, conditions } });
  return (
    <fieldset className="ws-fieldset ws-rule">
      <legend>{t('rule.title')}</legend>
      <PathSuggestions />
      <label className="ws-field ws-rule__match">
        <span className="ws-field__label">{t('rule.match')}</span>
        <select value={draft.match} onChange={(event) => onChange({ mode: 'form', draft: { ...draft, match: event.target.value as 'all' | 'any' } })}>
          <option value="all">{t('rule.matchAll')}</option>
          <option value="any">{t('rule.matchAny')}</option>
        </select>
      </label>
      {draft.conditions.length === 0 && <p className="ws-hint">{t('rule.noConditions')}</p>}
      <ol className="ws-rule__conditions">
        {draft.conditions.map((condition, index) => (
          <ConditionRow
            key={condition.key}
            condition={condition}
            index={index}
            problem={problems.get(condition.key)}
            onChange={(changed) => setConditions(draft.conditions.map((other) => (other.key === changed.key ? changed : other)))}
            onRemove={() => setConditions(draft.conditions.filter((other) => other.key !== condition.key))}
          />
        ))}
      </ol>
      <div className="ws-actions">
        {(['field', 'tags', 'event'] as const).map((kind) => (
          <button key={kind} type="button" className="ws-button ws-button--small" onClick={() => setConditions([...draft.conditions, newCondition(kind)])}>
            {t(`rule.add.${kind}`)}
          </button>
        ))}
        <button type="button" className="ws-link-button ws-rule__json-switch" onClick={toJson}>
          {t('rule.useJson')}
        </button>
      </div>
      {switchProblem && (
        <p className="ws-field-error" role="alert">
          {switchProblem}
        </p>
      )}
    </fieldset>
  );
}
