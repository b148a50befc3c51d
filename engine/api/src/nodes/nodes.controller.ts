import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { describeNode, journeySettingsJsonSchema } from '@trellis/journey';
import { Public } from '../access/decorators';
import { NODE_CATALOGUE, NodeCatalogue } from './node-catalogue.provider';

@ApiTags('nodes')
@Controller(['v1/nodes', 'v1/catalogue'])
export class NodesController {
  constructor(@Inject(NODE_CATALOGUE) private readonly catalogue: NodeCatalogue) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Every node type with its ports, editor metadata and config JSON Schema, and the journey settings schema' })
  list() {
    return { nodes: this.catalogue.list().map(describeNode), settingsSchema: journeySettingsJsonSchema() };
  }
}
