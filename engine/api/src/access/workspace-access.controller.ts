import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { objectId } from '../common/object-id';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { auditQuery, changeRoleBody, createApiKeyBody, inviteBody } from './access.dto';
import { accessView } from './access-view';
import { ApiKeysService } from './api-keys.service';
import { AuditLog } from './audit-log.service';
import { AnyWorkspacePrincipal, CurrentActor, CurrentPrincipal, Requires, WorkspaceId } from './decorators';
import { OperatorsService } from './operators.service';
import { Actor, Principal } from './principal';

const idParam = new ZodPipe(objectId);

/** Who may reach the workspace: its API keys, its members and their roles, and the audit log of what they did. */
@ApiTags('access')
@Controller('v1')
export class WorkspaceAccessController {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly operators: OperatorsService,
    private readonly audit: AuditLog,
  ) {}

  @Get('access')
  @AnyWorkspacePrincipal()
  @ApiOperation({ summary: 'Who this credential acts as in its workspace, the role (operators) and every permission it holds; any API key or member may ask' })
  access(@CurrentPrincipal() principal: Principal) {
    return accessView(principal);
  }

  @Get('api-keys')
  @Requires('keys:manage')
  @ApiOperation({ summary: "The workspace's API keys (never their secrets)" })
  listKeys(@WorkspaceId() workspaceId: string) {
    return this.apiKeys.list(workspaceId);
  }

  @Post('api-keys')
  @HttpCode(201)
  @Requires('keys:manage')
  @ApiOperation({ summary: 'Create an API key: "ingest" for front-ends (events only), "read", or "admin"; the key is shown once' })
  @ApiZodBody(createApiKeyBody)
  createKey(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Body(new ZodPipe(createApiKeyBody)) body: z.infer<typeof createApiKeyBody>) {
    return this.apiKeys.create(workspaceId, body, actor);
  }

  @Delete('api-keys/:id')
  @HttpCode(200)
  @Requires('keys:manage')
  @ApiOperation({ summary: 'Revoke an API key: refused from now on (by other API processes within 10 s)' })
  revokeKey(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', idParam) id: string) {
    return this.apiKeys.revoke(workspaceId, id, actor);
  }

  @Get('members')
  @Requires('members:manage')
  @ApiOperation({ summary: "The workspace's operators and their roles" })
  members(@WorkspaceId() workspaceId: string) {
    return this.operators.members(workspaceId);
  }

  @Post('members/invites')
  @HttpCode(201)
  @Requires('members:manage')
  @ApiOperation({ summary: 'Invite someone by email in a role; the invitation token is shown once, valid for 7 days' })
  @ApiZodBody(inviteBody)
  invite(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Body(new ZodPipe(inviteBody)) body: z.infer<typeof inviteBody>) {
    return this.operators.invite(workspaceId, body, actor);
  }

  @Patch('members/:id')
  @Requires('members:manage')
  @ApiOperation({ summary: "Change a member's role (a workspace keeps at least one admin)" })
  @ApiZodBody(changeRoleBody)
  changeRole(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', idParam) id: string, @Body(new ZodPipe(changeRoleBody)) body: z.infer<typeof changeRoleBody>) {
    return this.operators.changeRole(workspaceId, id, body.role, actor);
  }

  @Delete('members/:id')
  @HttpCode(204)
  @Requires('members:manage')
  @ApiOperation({ summary: 'Remove a member from the workspace (not the last admin)' })
  async removeMember(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id', idParam) id: string) {
    await this.operators.removeMember(workspaceId, id, actor);
  }

  @Get('audit')
  @Requires('audit:read')
  @ApiOperation({ summary: 'Who published, paused, archived or changed access, and when: newest first, paged by the "next" cursor' })
  auditLog(@WorkspaceId() workspaceId: string, @Query(new ZodPipe(auditQuery)) query: z.infer<typeof auditQuery>) {
    return this.audit.list(workspaceId, query);
  }
}
