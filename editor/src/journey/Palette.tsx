import type { NodeDescriptor } from '@trellis/journey';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

export const paletteMime = 'application/x-trellis-node';
const order = ['trigger', 'wait', 'branch', 'action', 'exit'] as const;

/**
 * Every node type the API's catalogue serves, custom ones included, grouped by category. Drag one
 * onto the canvas, or press Enter on it to add it in the middle of the view (keyboard use).
 */
export function Palette({ catalogue, disabled, onAdd }: { catalogue: readonly NodeDescriptor[]; disabled: boolean; onAdd: (type: string) => void }) {
  const { t } = useTranslation('journey');
  const [filter, setFilter] = useState('');
  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const matching = catalogue.filter((node) => !needle || `${node.title} ${node.type} ${node.description}`.toLowerCase().includes(needle));
    return order.map((category) => ({ category, nodes: matching.filter((node) => node.category === category) })).filter((group) => group.nodes.length > 0);
  }, [catalogue, filter]);
  return (
    <aside className="palette" aria-label={t('palette.label')}>
      <label className="visually-hidden" htmlFor="palette-filter">
        {t('palette.filter')}
      </label>
      <input id="palette-filter" type="search" placeholder={t('palette.filter')} value={filter} onChange={(event) => setFilter(event.target.value)} />
      {groups.map((group) => (
        <section key={group.category} aria-labelledby={`palette-${group.category}`}>
          <h3 id={`palette-${group.category}`}>{t(`category.${group.category}`)}</h3>
          <ul>
            {group.nodes.map((node) => (
              <li key={node.type}>
                <button
                  type="button"
                  className={`palette__item palette__item--${node.category}`}
                  draggable={!disabled}
                  disabled={disabled}
                  data-node-type={node.type}
                  title={node.description}
                  onDragStart={(event) => {
                    event.dataTransfer.setData(paletteMime, node.type);
                    event.dataTransfer.effectAllowed = 'move';
                  }}
                  onClick={() => onAdd(node.type)}
                >
                  {node.title}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
