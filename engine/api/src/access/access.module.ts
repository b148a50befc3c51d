import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { apiKeySchema, auditEventSchema, inviteSchema, membershipSchema, operatorSchema, sessionSchema } from './access.schema';
import { AccessGuard } from './access.guard';
import { ApiKeysService } from './api-keys.service';
import { AuditLog } from './audit-log.service';
import { AuthController } from './auth.controller';
import { OperatorsService } from './operators.service';
import { AccessRequest } from './principal';
import { WorkspaceAccessController } from './workspace-access.controller';

/**
 * Authentication and authorisation for every route: API keys and operator sessions, roles and
 * scopes, rate limits per key or operator, and the audit log.
 */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: 'ApiKey', schema: apiKeySchema },
      { name: 'Operator', schema: operatorSchema },
      { name: 'Membership', schema: membershipSchema },
      { name: 'Session', schema: sessionSchema },
      { name: 'Invite', schema: inviteSchema },
      { name: 'AuditEvent', schema: auditEventSchema },
    ]),
    ThrottlerModule.forRootAsync({
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.TRELLIS_RATE_LIMIT_PER_MINUTE }],
        // Counted per credential once the access guard has read it; public routes per client address.
        getTracker: (request: Record<string, unknown>) => {
          const { principal, signedIn, ip } = request as unknown as AccessRequest;
          return principal ? `${principal.actor.kind}:${principal.actor.id}` : signedIn ? `operator:${signedIn.operatorId}` : `ip:${ip ?? 'unknown'}`;
        },
      }),
    }),
  ],
  controllers: [AuthController, WorkspaceAccessController],
  providers: [ApiKeysService, OperatorsService, AuditLog, { provide: APP_GUARD, useClass: AccessGuard }, { provide: APP_GUARD, useClass: ThrottlerGuard }],
  exports: [ApiKeysService, OperatorsService, AuditLog],
})
export class AccessModule {}
