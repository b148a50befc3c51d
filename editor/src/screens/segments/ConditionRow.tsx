import { useTranslation } from 'react-i18next';
import { durationUnitNames, type DurationUnit, type FieldOp, type TagsRule } from '@trellis/journey';
import { eventOps, fieldOps, operandOf, tagsOps, type Condition, type ConditionProblem, type EventOp, type ValueType } from './rule-draft';

/** Contact fields rules commonly read; any other dotted path can be typed. */
const knownPaths = ['traits.', 'lifecycleStage', 'timezone', 'wecomOwner', 'groups', 'lastEventAt', 'createdAt', 'computed.ordersCount', 'computed.totalSpent', 'computed.firstOrderAt', 'computed.lastOrderAt', 'computed.rfm.score', 'subscriptions.wecom', 'subscriptions.sms', 'subscriptions.email', 'subscriptions.push'];
const valueTypes: ValueType[] = ['text', 'number', 'boolean'];

function DurationInputs({ amount, unit, label, onChange }: { amount: string; unit: DurationUnit; label: string; onChange: (change: { amount?: string; unit?: DurationUnit }) => void }) {
  const { t } = useTranslation('segments');
  return (
    <>
      <label className="ws-field ws-rule__narrow">
        <span className="ws-field__label">{label}</span>
        <input type="number" min={1} value={amount} onChange={(event) => onChange({ amount: event.target.value })} />
      </label>
      <label className="ws-field ws-rule__narrow">
        <span className="ws-field__label">{t('rule.unit')}</span>
        <select value={unit} onChange={(event) => onChange({ unit: event.target.value as DurationUnit })}>
          {durationUnitNames.map((name) => (
            <option key={name} value={name}>
              {t(`rule.units.${name}`)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

/** One condition of the rule: its inputs follow its kind and operator. */
export function ConditionRow({ condition, index, problem, onChange, onRemove }: { condition: Condition; index: number; problem?: ConditionProblem; onChange: (condition: Condition) => void; onRemove: () => void }) {
  const { t } = useTranslation('segments');
  const errorId = `condition-error-${condition.key}`;
  const invalid = problem ? { 'aria-invalid': true, 'aria-describedby': errorId } : {};
  const set = (change: Partial<Condition>) => onChange({ ...condition, ...change } as Condition);

  return (
    <li className="ws-rule__condition">
      <fieldset className="ws-fieldset">
        <legend>{t('rule.conditionLegend', { index: index + 1, kind: t(`rule.kinds.${condition.kind}`) })}</legend>
        <div className="ws-rule__inputs">
          {condition.kind === 'field' && (
            <>
              <label className="ws-field ws-rule__wide">
                <span className="ws-field__label">{t('rule.path')}</span>
                <input className="ws-code" value={condition.path} onChange={(event) => set({ path: event.target.value })} list="segment-paths" {...(problem === 'rule.needPath' ? invalid : {})} />
              </label>
              <label className="ws-field">
                <span className="ws-field__label">{t('rule.op')}</span>
                <select value={condition.op} onChange={(event) => set({ op: event.target.value as FieldOp })}>
                  {fieldOps.map((op) => (
                    <option key={op} value={op}>
                      {t(`rule.fieldOps.${op}`)}
                    </option>
                  ))}
                </select>
              </label>
              {(operandOf(condition.op) === 'scalar' || operandOf(condition.op) === 'list') && (
                <>
                  <label className="ws-field ws-rule__narrow">
                    <span className="ws-field__label">{t('rule.valueType')}</span>
                    <select value={condition.valueType} onChange={(event) => set({ valueType: event.target.value as ValueType, value: event.target.value === 'boolean' ? 'true' : condition.value })}>
                      {valueTypes.map((type) => (
                        <option key={type} value={type}>
                          {t(`rule.valueTypes.${type}`)}
                        </option>
                      ))}
                    </select>
                  </label>
                  {condition.valueType === 'boolean' && operandOf(condition.op) === 'scalar' ? (
                    <label className="ws-field">
                      <span className="ws-field__label">{t('rule.value')}</span>
                      <select value={condition.value} onChange={(event) => set({ value: event.target.value })}>
                        <option value="true">{t('rule.true')}</option>
                        <option value="false">{t('rule.false')}</option>
                      </select>
                    </label>
                  ) : (
                    <label className="ws-field ws-rule__wide">
                      <span className="ws-field__label">{operandOf(condition.op) === 'list' ? t('rule.values') : t('rule.value')}</span>
                      <input value={condition.value} onChange={(event) => set({ value: event.target.value })} {...invalid} />
                    </label>
                  )}
                </>
              )}
              {operandOf(condition.op) === 'number' && (
                <label className="ws-field">
                  <span className="ws-field__label">{t('rule.value')}</span>
                  <input type="number" value={condition.value} onChange={(event) => set({ value: event.target.value })} {...invalid} />
                </label>
              )}
              {operandOf(condition.op) === 'date' && (
                <label className="ws-field">
                  <span className="ws-field__label">{t('rule.date')}</span>
                  <input type="datetime-local" value={condition.value} onChange={(event) => set({ value: event.target.value })} {...invalid} />
                </label>
              )}
              {operandOf(condition.op) === 'duration' && <DurationInputs amount={condition.amount} unit={condition.unit} label={t('rule.amount')} onChange={set} />}
            </>
          )}
          {condition.kind === 'tags' && (
            <>
              <label className="ws-field">
                <span className="ws-field__label">{t('rule.op')}</span>
                <select value={condition.op} onChange={(event) => set({ op: event.target.value as TagsRule['op'] })}>
                  {tagsOps.map((op) => (
                    <option key={op} value={op}>
                      {t(`rule.tagsOps.${op}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="ws-field ws-rule__wide">
                <span className="ws-field__label">{t('rule.tags')}</span>
                <input value={condition.tags} onChange={(event) => set({ tags: event.target.value })} placeholder={t('rule.tagsPlaceholder')} {...invalid} />
              </label>
            </>
          )}
          {condition.kind === 'event' && (
            <>
              <label className="ws-field ws-rule__wide">
                <span className="ws-field__label">{t('rule.event')}</span>
                <input className="ws-code" value={condition.name} onChange={(event) => set({ name: event.target.value })} placeholder="order_paid" {...(problem === 'rule.needEvent' ? invalid : {})} />
              </label>
              <label className="ws-field">
                <span className="ws-field__label">{t('rule.op')}</span>
                <select value={condition.op} onChange={(event) => set({ op: event.target.value as EventOp })}>
                  {eventOps.map((op) => (
                    <option key={op} value={op}>
                      {t(`rule.eventOps.${op}`)}
                    </option>
                  ))}
                </select>
              </label>
              {condition.op !== 'none' && (
                <label className="ws-field ws-rule__narrow">
                  <span className="ws-field__label">{t('rule.count')}</span>
                  <input type="number" min={1} value={condition.count} onChange={(event) => set({ count: event.target.value })} {...(problem === 'rule.badCount' ? invalid : {})} />
                </label>
              )}
              <label className="ws-rule__check">
                <input type="checkbox" checked={condition.within} onChange={(event) => set({ within: event.target.checked })} />
                {t('rule.within')}
              </label>
              {condition.within && <DurationInputs amount={condition.amount} unit={condition.unit} label={t('rule.lastAmount')} onChange={set} />}
            </>
          )}
          <button type="button" className="ws-button ws-button--small ws-rule__remove" onClick={onRemove} aria-label={t('rule.removeLabel', { index: index + 1 })}>
            {t('rule.remove')}
          </button>
        </div>
        {problem && (
          <p id={errorId} className="ws-field-error">
            {t(problem)}
          </p>
        )}
      </fieldset>
    </li>
  );
}

/** Suggestions for the field path inputs, rendered once per rule builder. */
export function PathSuggestions() {
  return (
    <datalist id="segment-paths">
      {knownPaths.map((path) => (
        <option key={path} value={path} />
      ))}
    </datalist>
  );
}
