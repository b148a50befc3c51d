import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { NodeStatsBadge } from './live/NodeStatsBadge';
import { useNodeOverlay } from './live/overlay-context';
import type { JourneyFlowNode } from './to-flow';

function classesOf(data: JourneyFlowNode['data'], selected: boolean): string {
  return [
    'journey-node',
    `journey-node--${data.category}`,
    data.problems?.length ? 'has-problems' : '',
    data.visited ? 'is-visited' : '',
    data.current ? 'is-current' : '',
    data.diff ? `diff-${data.diff}` : '',
    selected ? 'is-selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function JourneyNodeViewBase({ id, data, selected }: NodeProps<JourneyFlowNode>) {
  const { t } = useTranslation('journey');
  const problems = data.problems ?? [];
  const overlay = useNodeOverlay(id);
  return (
    <div className={classesOf(data, selected)} data-testid="journey-node" data-node-id={id} data-node-type={data.type}>
      {data.category !== 'trigger' && <Handle type="target" position={Position.Top} aria-label={t('node.input')} />}
      <div className="journey-node__category">
        {t(`category.${data.category}`)}
        {data.diff && <span className="journey-node__diff">{t(`diff.${data.diff}`)}</span>}
      </div>
      <div className="journey-node__title">{data.title}</div>
      {data.summary && <div className="journey-node__summary">{data.summary}</div>}
      {problems.length > 0 && (
        <div className="journey-node__problems" title={problems.join('\n')}>
          {t('node.problems', { count: problems.length })}
        </div>
      )}
      {overlay && <NodeStatsBadge overlay={overlay} />}
      {data.ports.map((port, index) => (
        <Handle
          key={port}
          id={port}
          type="source"
          position={Position.Bottom}
          style={{ left: `${((index + 1) / (data.ports.length + 1)) * 100}%` }}
          title={port}
          aria-label={t('node.port', { port })}
        >
          {data.ports.length > 1 && <span className="journey-node__port">{port}</span>}
        </Handle>
      ))}
    </div>
  );
}

export const JourneyNodeView = memo(JourneyNodeViewBase);
