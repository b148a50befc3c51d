import type { JourneyDefinition, NodeDescriptor } from '@trellis/journey';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../use-validation';
import { ConfigForm } from './ConfigForm';
import { OutputsEditor } from './OutputsEditor';
import type { PickerOptions } from './config-form-schema';

export interface InspectorProps {
  definition: JourneyDefinition;
  selected: readonly string[];
  catalogue: readonly NodeDescriptor[];
  settingsSchema: Record<string, unknown>;
  problems: readonly Problem[];
  pickers: PickerOptions;
  editable: boolean;
  onConfig: (nodeId: string, config: Record<string, unknown>) => void;
  onSettings: (settings: Record<string, unknown>) => void;
  onRemove: (nodeIds: readonly string[]) => void;
  onConnect: (from: string, port: string, to: string | undefined) => void;
}

/** The selected node's settings, or the journey's own settings when nothing is selected. */
export function Inspector({ definition, selected, catalogue, settingsSchema, problems, pickers, editable, onConfig, onSettings, onRemove, onConnect }: InspectorProps) {
  const { t } = useTranslation('journey');
  if (selected.length > 1) {
    return (
      <div className="inspector">
        <p>{t('inspector.many', { count: selected.length })}</p>
        {editable && (
          <button type="button" className="danger" onClick={() => onRemove(selected)}>
            {t('inspector.removeMany', { count: selected.length })}
          </button>
        )}
      </div>
    );
  }
  const node = selected[0] ? definition.nodes.find((candidate) => candidate.id === selected[0]) : undefined;
  if (!node) {
    return (
      <div className="inspector">
        <h2>{t('inspector.journeySettings')}</h2>
        <p className="muted">{t('inspector.selectHint')}</p>
        <ConfigForm
          formId="settings"
          schema={settingsSchema}
          value={definition.settings ?? {}}
          errors={problems.filter((problem) => !problem.nodeId && problem.code === 'invalid_settings')}
          pickers={pickers}
          readOnly={!editable}
          onChange={onSettings}
        />
      </div>
    );
  }
  const descriptor = catalogue.find((candidate) => candidate.type === node.type);
  const nodeProblems = problems.filter((problem) => problem.nodeId === node.id);
  return (
    <div className="inspector" aria-labelledby="inspector-title">
      <h2 id="inspector-title">{descriptor?.title ?? node.type}</h2>
      <p className="muted inspector__meta">
        <code>{node.id}</code> · <code>{node.type}</code>
      </p>
      {descriptor?.description && <p className="inspector__description">{descriptor.description}</p>}
      {nodeProblems.filter((problem) => !problem.field).map((problem) => (
        <p key={`${problem.code}:${problem.message}`} className="error" role="alert">
          {problem.message}
        </p>
      ))}
      {descriptor ? (
        <ConfigForm
          key={node.id}
          formId={`node-${node.id}`}
          schema={descriptor.configSchema}
          value={node.config}
          errors={nodeProblems.filter((problem) => problem.field)}
          pickers={pickers}
          readOnly={!editable}
          onChange={(config) => onConfig(node.id, config)}
        />
      ) : (
        <p className="error">{t('inspector.unknownType')}</p>
      )}
      {descriptor && (
        <OutputsEditor node={node} descriptor={descriptor} definition={definition} catalogue={catalogue} readOnly={!editable} onConnect={(port, to) => onConnect(node.id, port, to)} />
      )}
      {editable && (
        <button type="button" className="danger" onClick={() => onRemove([node.id])}>
          {t('inspector.remove')}
        </button>
      )}
    </div>
  );
}
