import { Module } from '@nestjs/common';
import { JourneysModule } from '../journeys/journeys.module';
import { JourneyTemplatesController } from './journey-templates.controller';
import { JourneyTemplatesService } from './journey-templates.service';

@Module({ imports: [JourneysModule], controllers: [JourneyTemplatesController], providers: [JourneyTemplatesService] })
export class JourneyTemplatesModule {}
