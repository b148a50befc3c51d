import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfigurableChannel, configurableChannels } from '@trellis/journey';
import { z } from 'zod';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { ZodPipe } from '../common/zod-body';
import { ChannelsService } from './channels.service';

/** The shape is checked per kind once stored secrets are merged in (`ChannelsService.put`). */
const configBody = z.record(z.string(), z.unknown());

const kindParam = new ZodPipe(z.enum(configurableChannels as [ConfigurableChannel, ...ConfigurableChannel[]], { error: `a channel kind: ${configurableChannels.join(', ')}` }));

@ApiTags('channels')
@Controller('v1/channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @Requires('messages:read')
  @ApiOperation({ summary: 'Each kind of channel and its config (secrets are never shown, only whether they are set)' })
  list(@WorkspaceId() workspaceId: string) {
    return this.channels.list(workspaceId);
  }

  @Put(':kind')
  @Requires('channels:write')
  @ApiOperation({ summary: 'Configure a channel, e.g. email: { host, port, secure, user, password, from }; a secret left out keeps the stored one, null removes it' })
  put(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('kind', kindParam) kind: ConfigurableChannel, @Body(new ZodPipe(configBody)) body: Record<string, unknown>) {
    return this.channels.put(workspaceId, kind, body, actor);
  }

  @Delete(':kind')
  @HttpCode(204)
  @Requires('channels:write')
  @ApiOperation({ summary: 'Remove a channel’s config: its sends fail as "channel_not_configured" until it is configured again' })
  async remove(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('kind', kindParam) kind: ConfigurableChannel) {
    await this.channels.remove(workspaceId, kind, actor);
  }
}
