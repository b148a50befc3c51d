import { useTranslation } from 'react-i18next';
import { columnTargets, subscriptionChannel, traitNamePattern, traitTypes, type ColumnChoice, type ColumnTarget, type TraitType } from './import-mapping';

/** Per column of the file: where its values go, and for a trait, its name and how cells are read. */
export function ImportColumns({ choices, onChange }: { choices: ColumnChoice[]; onChange: (choices: ColumnChoice[]) => void }) {
  const { t } = useTranslation('contacts');
  const update = (index: number, change: Partial<ColumnChoice>) => onChange(choices.map((choice, at) => (at === index ? { ...choice, ...change } : choice)));
  const targetLabel = (target: ColumnTarget) => {
    const channel = subscriptionChannel(target);
    return channel ? t('import.targets.subscription', { channel: t(`channels.${channel}`) }) : t(`import.targets.${target}`);
  };

  return (
    <table className="ws-table ws-import__columns">
      <caption className="ws-sr-only">{t('import.columnsCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('import.column')}</th>
          <th scope="col">{t('import.target')}</th>
          <th scope="col">{t('import.traitName')}</th>
          <th scope="col">{t('import.traitType')}</th>
        </tr>
      </thead>
      <tbody>
        {choices.map((choice, index) => {
          const badName = choice.target === 'trait' && !traitNamePattern.test(choice.traitName.trim());
          return (
            <tr key={choice.column}>
              <th scope="row" className="ws-import__column-name">
                {choice.column}
              </th>
              <td>
                <select className="ws-input" value={choice.target} onChange={(event) => update(index, { target: event.target.value as ColumnTarget })} aria-label={t('import.targetFor', { column: choice.column })}>
                  {columnTargets.map((target) => (
                    <option key={target} value={target}>
                      {targetLabel(target)}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                {choice.target === 'trait' && (
                  <input
                    className="ws-input"
                    value={choice.traitName}
                    onChange={(event) => update(index, { traitName: event.target.value })}
                    aria-label={t('import.traitNameFor', { column: choice.column })}
                    aria-invalid={badName || undefined}
                  />
                )}
              </td>
              <td>
                {choice.target === 'trait' && (
                  <select className="ws-input" value={choice.traitType} onChange={(event) => update(index, { traitType: event.target.value as TraitType })} aria-label={t('import.traitTypeFor', { column: choice.column })}>
                    {traitTypes.map((type) => (
                      <option key={type} value={type}>
                        {t(`import.traitTypes.${type}`)}
                      </option>
                    ))}
                  </select>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
