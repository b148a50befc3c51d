import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { Requires, WorkspaceId } from '../access/decorators';
import { TrackEventBody, trackEventBody } from './events.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(202)
  @Requires('events:write')
  @ApiOperation({ summary: 'Track an event for a contact; enrols them in every journey it triggers' })
  @ApiZodBody(trackEventBody)
  track(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(trackEventBody)) body: TrackEventBody) {
    return this.events.track(workspaceId, body);
  }
}
