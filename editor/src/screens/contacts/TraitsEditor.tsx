import { useTranslation } from 'react-i18next';
import { newTraitRow, type TraitProblem, type TraitRow, type TraitType } from './trait-rows';

const types: TraitType[] = ['text', 'number', 'boolean', 'json'];

/** Name, type and value per trait; a row emptied of its name is dropped, a removed row deletes the trait. */
export function TraitsEditor({ rows, problems, onChange }: { rows: TraitRow[]; problems: Map<number, TraitProblem>; onChange: (rows: TraitRow[]) => void }) {
  const { t } = useTranslation('contacts');
  const update = (key: number, change: Partial<TraitRow>) => onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));

  return (
    <fieldset className="ws-fieldset">
      <legend>{t('fields.traits')}</legend>
      {rows.length === 0 && <p className="ws-empty">{t('traits.none')}</p>}
      <ul className="ws-traits">
        {rows.map((row, index) => {
          const problem = problems.get(row.key);
          const errorId = `trait-error-${row.key}`;
          return (
            <li key={row.key} className="ws-traits__row">
              <label className="ws-field">
                <span className="ws-field__label">{t('traits.name')}</span>
                <input value={row.name} onChange={(event) => update(row.key, { name: event.target.value })} aria-invalid={problem ? true : undefined} aria-describedby={problem ? errorId : undefined} />
              </label>
              <label className="ws-field">
                <span className="ws-field__label">{t('traits.type')}</span>
                <select value={row.type} onChange={(event) => update(row.key, { type: event.target.value as TraitType, value: event.target.value === 'boolean' ? 'true' : row.value })}>
                  {types.map((type) => (
                    <option key={type} value={type}>
                      {t(`traits.types.${type}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="ws-field">
                <span className="ws-field__label">{t('traits.value')}</span>
                {row.type === 'boolean' ? (
                  <select value={row.value} onChange={(event) => update(row.key, { value: event.target.value })}>
                    <option value="true">{t('traits.true')}</option>
                    <option value="false">{t('traits.false')}</option>
                  </select>
                ) : (
                  <input
                    className={row.type === 'json' ? 'ws-code' : undefined}
                    inputMode={row.type === 'number' ? 'decimal' : undefined}
                    value={row.value}
                    onChange={(event) => update(row.key, { value: event.target.value })}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? errorId : undefined}
                  />
                )}
              </label>
              <button type="button" className="ws-button ws-button--small" onClick={() => onChange(rows.filter((other) => other.key !== row.key))} aria-label={t('traits.remove', { name: row.name || index + 1 })}>
                {t('traits.removeShort')}
              </button>
              {problem && (
                <p id={errorId} className="ws-field-error ws-traits__error">
                  {t(problem)}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      <button type="button" className="ws-button ws-button--small" onClick={() => onChange([...rows, newTraitRow()])}>
        {t('traits.add')}
      </button>
    </fieldset>
  );
}
