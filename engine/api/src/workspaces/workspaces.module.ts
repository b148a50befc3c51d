import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ApiKeyGuard } from './auth.guard';
import { apiKeySchema, workspaceSchema } from './workspace.schema';
import { WorkspacesController } from './workspaces.controller';
import { WorkspacesService } from './workspaces.service';

@Module({
  imports: [MongooseModule.forFeature([{ name: 'Workspace', schema: workspaceSchema }, { name: 'ApiKey', schema: apiKeySchema }])],
  controllers: [WorkspacesController],
  providers: [WorkspacesService, ApiKeyGuard],
  exports: [WorkspacesService, ApiKeyGuard],
})
export class WorkspacesModule {}
