import { Module } from '@nestjs/common';
import { nodeCatalogueProvider } from './node-catalogue.provider';
import { NodesController } from './nodes.controller';

@Module({ controllers: [NodesController], providers: [nodeCatalogueProvider], exports: [nodeCatalogueProvider] })
export class NodesModule {}
