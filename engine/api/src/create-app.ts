import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import 'reflect-metadata';
import { AppModule } from './app.module';
import { documentProblems } from './common/openapi';
import { ProblemFilter } from './common/problem.filter';
import { ApiConfig } from './config/api-config';

/** The configured Nest application, not yet listening: shared by main.ts and the tests. */
export async function createApp(config: ApiConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: process.env.NODE_ENV === 'test' ? ['error', 'warn'] : ['log', 'error', 'warn'],
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  // Forms come from outside: one-click unsubscribe (RFC 8058) and providers' delivery reports.
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false });
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  app.disable('x-powered-by');

  const openapi = new DocumentBuilder()
    .setTitle('Trellis API')
    .setDescription(
      'Customer journeys: workspaces, access, journeys, events and enrolments. Machines send a workspace API key (trl_…) as a bearer token; ' +
        'operators sign in (POST /v1/auth/sign-in), send the session token (trs_…) and name the workspace with X-Trellis-Workspace. ' +
        'Errors are application/problem+json.',
    )
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A workspace API key (trl_…) or an operator session token (trs_…)' })
    .build();
  SwaggerModule.setup('docs', app, () => documentProblems(SwaggerModule.createDocument(app, openapi)), { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
