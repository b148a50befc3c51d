import { portsOf, type JourneyDefinition, type JourneyNode, type NodeDescriptor } from '@trellis/journey';
import { useTranslation } from 'react-i18next';

export interface OutputsEditorProps {
  node: JourneyNode;
  descriptor: NodeDescriptor;
  definition: JourneyDefinition;
  catalogue: readonly NodeDescriptor[];
  readOnly: boolean;
  onConnect: (port: string, to: string | undefined) => void;
}

/**
 * Where each output of the selected node leads, as a list of choices: the keyboard's way to draw
 * and change connections (dragging between handles needs a pointer).
 */
export function OutputsEditor({ node, descriptor, definition, catalogue, readOnly, onConnect }: OutputsEditorProps) {
  const { t } = useTranslation('journey');
  const ports = portsOf(descriptor.ports, node.config);
  if (ports.length === 0) return null;
  const titleOf = (type: string) => catalogue.find((candidate) => candidate.type === type)?.title ?? type;
  const targets = definition.nodes.filter((candidate) => candidate.id !== node.id && catalogue.find((d) => d.type === candidate.type)?.category !== 'trigger');
  return (
    <fieldset className="outputs">
      <legend>{t('outputs.title')}</legend>
      {ports.map((port) => {
        const current = definition.edges.find((edge) => edge.from === node.id && edge.port === port)?.to ?? '';
        const id = `outputs-${node.id}-${port}`;
        return (
          <div className="outputs__row" key={port}>
            <label htmlFor={id}>{t('outputs.port', { port })}</label>
            <select id={id} value={current} disabled={readOnly} onChange={(event) => onConnect(port, event.target.value || undefined)}>
              <option value="">{t('outputs.none')}</option>
              {targets.map((target) => (
                <option key={target.id} value={target.id}>
                  {titleOf(target.type)} ({target.id})
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
