import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { JourneyFlowNode } from '../graph/to-flow';

const categoryLabels: Record<string, string> = {
  trigger: 'Trigger',
  wait: 'Wait',
  branch: 'Branch',
  action: 'Action',
  exit: 'Exit',
  unknown: 'Unknown type',
};

function JourneyNodeViewBase({ data }: NodeProps<JourneyFlowNode>) {
  return (
    <div className={`journey-node journey-node--${data.category}`} data-testid="journey-node" data-node-type={data.type}>
      {data.category !== 'trigger' && <Handle type="target" position={Position.Top} />}
      <div className="journey-node__category">{categoryLabels[data.category] ?? data.category}</div>
      <div className="journey-node__title">{data.title}</div>
      {data.summary && <div className="journey-node__summary">{data.summary}</div>}
      {data.ports.map((port, index) => (
        <Handle
          key={port}
          id={port}
          type="source"
          position={Position.Bottom}
          style={{ left: `${((index + 1) / (data.ports.length + 1)) * 100}%` }}
          title={port}
        />
      ))}
    </div>
  );
}

export const JourneyNodeView = memo(JourneyNodeViewBase);
