import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { JourneyLifecycleController } from './journey-lifecycle.controller';
import { JourneyLifecycleService } from './journey-lifecycle.service';

@Module({
  imports: [
    WorkspacesModule,
    MongooseModule.forFeature([
      { name: 'Journey', schema: runtimeSchemas.Journey },
      { name: 'Enrollment', schema: runtimeSchemas.Enrollment },
      { name: 'Contact', schema: runtimeSchemas.Contact },
      { name: 'ContactKey', schema: runtimeSchemas.ContactKey },
    ]),
  ],
  controllers: [JourneyLifecycleController],
  providers: [JourneyLifecycleService],
})
export class JourneyLifecycleModule {}
