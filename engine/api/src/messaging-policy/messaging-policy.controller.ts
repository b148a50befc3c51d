import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { KillSwitchBody, killSwitchBody, PutPolicyBody, putPolicyBody } from './messaging-policy.dto';
import { MessagingPolicyService } from './messaging-policy.service';

@ApiTags('messaging policy')
@Controller('v1/messaging-policy')
export class MessagingPolicyController {
  constructor(private readonly policies: MessagingPolicyService) {}

  @Get()
  @Requires('messages:read')
  @ApiOperation({ summary: 'The guardrails every send obeys: frequency caps, quiet hours, default zone, how long a held-back message may wait, the kill switch' })
  get(@WorkspaceId() workspaceId: string) {
    return this.policies.get(workspaceId);
  }

  @Put()
  @Requires('channels:write')
  @ApiOperation({ summary: 'Replace the caps, quiet hours, default zone and expiry (the kill switch stays where it is)' })
  @ApiZodBody(putPolicyBody)
  put(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Body(new ZodPipe(putPolicyBody)) body: PutPolicyBody) {
    return this.policies.put(workspaceId, body, actor);
  }

  @Post('kill-switch')
  @HttpCode(200)
  @Requires('killswitch:write')
  @ApiOperation({ summary: 'Stop every marketing send at once, or let them go again; held-back messages are dropped, never sent late' })
  @ApiZodBody(killSwitchBody)
  killSwitch(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Body(new ZodPipe(killSwitchBody)) body: KillSwitchBody) {
    return this.policies.killSwitch(workspaceId, body, actor);
  }
}
