import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { runtimeSchemas } from '@trellis/runtime';
import { JourneysModule } from '../journeys/journeys.module';
import { ContactsModule } from '../contacts/contacts.module';
import { JourneyLifecycleController } from './journey-lifecycle.controller';
import { JourneyLifecycleService } from './journey-lifecycle.service';

@Module({
  imports: [
    ContactsModule,
    JourneysModule,
    MongooseModule.forFeature([
      { name: 'Journey', schema: runtimeSchemas.Journey },
      { name: 'Enrollment', schema: runtimeSchemas.Enrollment },
    ]),
  ],
  controllers: [JourneyLifecycleController],
  providers: [JourneyLifecycleService],
})
export class JourneyLifecycleModule {}
