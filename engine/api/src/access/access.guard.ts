import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { problems } from '../common/problem';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { ApiKeysService } from './api-keys.service';
import { accessMetadata, RouteAccess, workspaceHeader } from './decorators';
import { OperatorsService } from './operators.service';
import { AccessRequest, bearerOf, SignedIn } from './principal';
import { safeEqual, tokenKinds } from './tokens';

const howToAuthenticate = 'Send a workspace API key ("Authorization: Bearer trl_…"), or sign in (POST /v1/auth/sign-in) and send the session token.';

/**
 * Every route declares who may reach it (`@Requires`, `@AnyWorkspacePrincipal`, `@Public`,
 * `@SignedInOnly`, `@InstallationAdmin`); one that declares nothing is refused, so a new route is
 * never open by accident. The workspace always comes from the credential, never from the
 * request's own ids.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly operators: OperatorsService,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(accessMetadata, [context.getHandler(), context.getClass()]);
    if (!access) throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no access rule`);
    if (access.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<AccessRequest>();
    const token = bearerOf(request);
    if (access.kind === 'installation') return this.installationAdmin(token);
    if (!token) throw problems.unauthorized(howToAuthenticate);
    if (access.kind === 'signedIn') {
      request.signedIn = await this.signedIn(token);
      return true;
    }
    if (token.startsWith(tokenKinds.apiKey)) {
      request.principal = await this.apiKeys.principal(token);
      if (!request.principal) throw problems.unauthorized('The API key is unknown or revoked.');
    } else if (token.startsWith(tokenKinds.session)) {
      const signedIn = await this.signedIn(token);
      const workspaceId = request.headers[workspaceHeader];
      if (typeof workspaceId !== 'string' || !workspaceId) {
        throw problems.unauthorized(`Name the workspace to act in with the ${workspaceHeader} header (your workspaces: GET /v1/auth/me).`);
      }
      request.principal = await this.operators.principal(signedIn, workspaceId);
      if (!request.principal) throw problems.forbidden(`You are not a member of workspace ${workspaceId}.`);
    } else {
      throw problems.unauthorized(howToAuthenticate);
    }
    if (access.kind === 'permission' && !request.principal.permissions.has(access.permission)) {
      const who = request.principal.actor.kind === 'apiKey' ? 'This API key' : 'Your role';
      throw problems.forbidden(`${who} does not allow ${access.permission}.`);
    }
    return true;
  }

  private async signedIn(token: string): Promise<SignedIn> {
    const signedIn = await this.operators.session(token);
    if (!signedIn) throw problems.unauthorized('The session is unknown, ended or expired: sign in again.');
    return signedIn;
  }

  private installationAdmin(token: string | undefined): boolean {
    if (!this.config.TRELLIS_ADMIN_TOKEN) throw problems.unauthorized('Creating workspaces is disabled: set TRELLIS_ADMIN_TOKEN on the API server.');
    if (!token || !safeEqual(token, this.config.TRELLIS_ADMIN_TOKEN)) {
      throw problems.unauthorized('Send the installation admin token as "Authorization: Bearer <TRELLIS_ADMIN_TOKEN>".');
    }
    return true;
  }
}
