import type { NodeDescriptor } from '@trellis/journey';
import type { TFunction } from 'i18next';

/**
 * The catalogue's titles and descriptions in the reader's language where the editor has them
 * (built-in nodes, `nodes` namespace); a custom node keeps the words its author gave it.
 */
export function localizedCatalogue(descriptors: readonly NodeDescriptor[], t: TFunction): NodeDescriptor[] {
  return descriptors.map((descriptor) => ({
    ...descriptor,
    title: t(`${descriptor.type}.title`, { ns: 'nodes', defaultValue: descriptor.title }),
    description: t(`${descriptor.type}.description`, { ns: 'nodes', defaultValue: descriptor.description }),
  }));
}
