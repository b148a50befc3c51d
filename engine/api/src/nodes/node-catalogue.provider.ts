import { Provider } from '@nestjs/common';
import { createNodeCatalogue } from '@trellis/nodes';

export type { NodeCatalogue } from '@trellis/nodes';
export const NODE_CATALOGUE = Symbol('NODE_CATALOGUE');

export const nodeCatalogueProvider: Provider = { provide: NODE_CATALOGUE, useFactory: () => createNodeCatalogue() };
