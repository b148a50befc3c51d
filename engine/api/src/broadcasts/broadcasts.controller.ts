import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { BroadcastsService } from './broadcasts.service';

@ApiTags('journeys')
@Controller('v1/journeys/:id/broadcasts')
export class BroadcastsController {
  constructor(private readonly broadcasts: BroadcastsService) {}

  @Get()
  @Requires('journeys:read')
  @ApiOperation({ summary: 'A scheduled journey’s firings, newest first: audience size, waves per time zone, enrolled and skipped so far' })
  list(@WorkspaceId() workspaceId: string, @Param('id') journeyId: string) {
    return this.broadcasts.list(workspaceId, journeyId);
  }

  @Post()
  @HttpCode(202)
  @Requires('journeys:publish')
  @ApiOperation({ summary: 'Fire a scheduled journey now, outside its schedule (its segment enrolled as at any firing); poll the broadcasts for progress' })
  fireNow(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id') journeyId: string) {
    return this.broadcasts.fireNow(workspaceId, journeyId, actor);
  }
}
