import { Body, Controller, Get, Header, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentActor, Requires, WorkspaceId } from '../access/decorators';
import { Actor } from '../access/principal';
import { ApiZodBody } from '../common/openapi';
import { ZodPipe } from '../common/zod-body';
import { CreateImportBody, createImportBody } from './contact-imports.dto';
import { ContactImportsService } from './contact-imports.service';

const csvTypes = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream', 'application/vnd.ms-excel'];

@ApiTags('contacts')
@Controller('v1/contact-imports')
export class ContactImportsController {
  constructor(private readonly imports: ContactImportsService) {}

  @Get()
  @Requires('contacts:read')
  @ApiOperation({ summary: 'Contact imports, newest first, with their progress' })
  list(@WorkspaceId() workspaceId: string) {
    return this.imports.list(workspaceId);
  }

  @Post()
  @HttpCode(201)
  @Requires('contacts:write')
  @ApiOperation({ summary: 'Start a contact import: how the CSV’s columns map onto contacts; then PUT its file' })
  @ApiZodBody(createImportBody)
  create(@WorkspaceId() workspaceId: string, @Body(new ZodPipe(createImportBody)) body: CreateImportBody) {
    return this.imports.create(workspaceId, body);
  }

  @Put(':id/file')
  @HttpCode(202)
  @Requires('contacts:write')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The CSV file (up to 100 MB), streamed: its header row names the columns the mapping uses.' })
  @ApiOperation({ summary: 'Upload the import’s CSV: checked as it streams in (encoding, syntax, header), then imported in the background; poll the import for progress' })
  upload(@WorkspaceId() workspaceId: string, @CurrentActor() actor: Actor, @Param('id') id: string, @Req() request: Request) {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    return this.imports.upload(workspaceId, id, { body: request, csv: csvTypes.includes(type), type }, actor);
  }

  @Get(':id')
  @Requires('contacts:read')
  @ApiOperation({ summary: 'An import’s status and progress: rows done of rows total, created, updated, unchanged, failed' })
  get(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    return this.imports.get(workspaceId, id);
  }

  @Get(':id/errors')
  @Requires('contacts:read')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'The rows that were not imported, as CSV: line, column, message' })
  errors(@WorkspaceId() workspaceId: string, @Param('id') id: string) {
    return this.imports.errorsCsv(workspaceId, id);
  }
}
