import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import {
  CreateGroupBody,
  createGroupBody,
  groupIdParam,
  ListGroupMembersQuery,
  listGroupMembersQuery,
  ListGroupsQuery,
  listGroupsQuery,
  TagMemberBody,
  tagMemberBody,
  UpdateGroupBody,
  updateGroupBody,
} from './groups.dto';
import { GroupsService } from './groups.service';

const groupParam = new ZodPipe(groupIdParam);

@ApiTags('groups')
@Controller('v1/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @Requires('contacts:read')
  @ApiOperation({ summary: 'Customer groups with their members count, seats left and stage (new, active, dormant); filter by stage or tag' })
  list(@WorkspaceId() workspaceId: string, @Query(new ZodPipe(listGroupsQuery)) query: ListGroupsQuery) {
    return this.groups.list(workspaceId, query);
  }

  @Post()
  @HttpCode(201)
  @Requires('contacts:write')
  @ApiOperation({ summary: 'Register a customer group (groups first seen in a "Group Joined" event are made on their own)' })
  @ApiZodBody(createGroupBody)
  create(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Body(new ZodPipe(createGroupBody)) body: CreateGroupBody) {
    return this.groups.create(workspaceId, body, actor);
  }

  @Get(':groupId')
  @Requires('contacts:read')
  @ApiOperation({ summary: 'A customer group' })
  get(@WorkspaceId() workspaceId: string, @Param('groupId', groupParam) groupId: string) {
    return this.groups.get(workspaceId, groupId);
  }

  @Patch(':groupId')
  @Requires('contacts:write')
  @ApiOperation({ summary: 'Rename a group, change its owner, capacity or tags' })
  @ApiZodBody(updateGroupBody)
  update(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('groupId', groupParam) groupId: string, @Body(new ZodPipe(updateGroupBody)) body: UpdateGroupBody) {
    return this.groups.update(workspaceId, groupId, body, actor);
  }

  @Delete(':groupId')
  @Requires('contacts:write')
  @ApiOperation({ summary: 'Remove a dismissed group and its memberships' })
  remove(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('groupId', groupParam) groupId: string) {
    return this.groups.remove(workspaceId, groupId, actor);
  }

  @Get(':groupId/members')
  @Requires('contacts:read')
  @ApiOperation({ summary: 'The people in a group (or who left it), with when they joined, how much they speak and their tags within it' })
  members(@WorkspaceId() workspaceId: string, @Param('groupId', groupParam) groupId: string, @Query(new ZodPipe(listGroupMembersQuery)) query: ListGroupMembersQuery) {
    return this.groups.listMembers(workspaceId, groupId, query);
  }

  @Patch(':groupId/members/:externalId')
  @Requires('contacts:write')
  @ApiOperation({ summary: 'Add or remove tags of a person within the group' })
  @ApiZodBody(tagMemberBody)
  tagMember(@WorkspaceId() workspaceId: string, @Param('groupId', groupParam) groupId: string, @Param('externalId') externalId: string, @Body(new ZodPipe(tagMemberBody)) body: TagMemberBody) {
    return this.groups.tagMember(workspaceId, groupId, externalId, body);
  }
}
