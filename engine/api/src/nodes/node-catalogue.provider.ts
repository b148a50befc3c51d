import { Logger, Provider } from '@nestjs/common';
import { createFullCatalogue, createNodeCatalogue, customNodeSourcesFromEnv, loadCustomNodes, runtimeActionNodes } from '@trellis/nodes';
import { API_CONFIG, ApiConfig } from '../config/api-config';

export type { NodeCatalogue } from '@trellis/nodes';
export const NODE_CATALOGUE = Symbol('NODE_CATALOGUE');

/**
 * The built-in nodes the runtime runs and the custom ones of `TRELLIS_NODES_DIR`/`TRELLIS_NODES`
 * (the worker loads the same): `GET /v1/nodes` serves them all, so the editor's palette and
 * inspector show custom nodes with no change of its own. A custom node that fails to load is
 * logged and left out.
 */
export const nodeCatalogueProvider: Provider = {
  provide: NODE_CATALOGUE,
  inject: [API_CONFIG],
  useFactory: (config: ApiConfig) => {
    const logger = new Logger('CustomNodes');
    const { nodes } = loadCustomNodes(customNodeSourcesFromEnv({ TRELLIS_NODES_DIR: config.TRELLIS_NODES_DIR, TRELLIS_NODES: config.TRELLIS_NODES }), {
      taken: createFullCatalogue().list().map((spec) => spec.type),
      report: (line) => logger.warn(line),
    });
    if (nodes.length) logger.log(`custom nodes: ${nodes.map((node) => node.type).join(', ')}`);
    return createNodeCatalogue([...runtimeActionNodes, ...nodes]);
  },
};
