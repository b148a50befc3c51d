import { Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { objectId } from '../common/object-id';
import { ZodPipe } from '../common/zod-body';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { JourneyLifecycleService } from './journey-lifecycle.service';

const journeyIdParam = new ZodPipe(objectId);
const externalIdParam = new ZodPipe(z.string().trim().min(1).max(200));

@ApiTags('journeys')
@Controller('v1/journeys/:id')
export class JourneyLifecycleController {
  constructor(private readonly lifecycle: JourneyLifecycleService) {}

  @Post('pause')
  @HttpCode(200)
  @Requires('journeys:publish')
  @ApiOperation({ summary: 'Stop enrolling; contacts in flight hold before their next action' })
  pause(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', journeyIdParam) id: string) {
    return this.lifecycle.change(workspaceId, id, 'pause', actor);
  }

  @Post('resume')
  @HttpCode(200)
  @Requires('journeys:publish')
  @ApiOperation({ summary: 'Enrol again; held contacts go on' })
  resume(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', journeyIdParam) id: string) {
    return this.lifecycle.change(workspaceId, id, 'resume', actor);
  }

  @Post('archive')
  @HttpCode(200)
  @Requires('journeys:publish')
  @ApiOperation({ summary: 'Retire the journey: every contact in flight exits where it is (reason "archived")' })
  archive(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', journeyIdParam) id: string) {
    return this.lifecycle.change(workspaceId, id, 'archive', actor);
  }

  @Delete('contacts/:externalId')
  @HttpCode(200)
  @Requires('journeys:publish')
  @ApiOperation({ summary: 'Take one contact out of the journey (reason "removed")' })
  remove(
    @WorkspaceId() workspaceId: string,
    @CurrentActor() actor: Actor,
    @Param('id', journeyIdParam) id: string,
    @Param('externalId', externalIdParam) externalId: string,
  ) {
    return this.lifecycle.removeContact(workspaceId, id, externalId, actor);
  }
}
