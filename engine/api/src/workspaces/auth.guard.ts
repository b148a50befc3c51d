import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { API_CONFIG, ApiConfig } from '../config/api-config';
import { problems } from '../common/problem';
import { looksLikeApiKey, safeEqual } from './api-key';
import { WorkspacesService } from './workspaces.service';

interface AuthenticatedRequest extends Request {
  workspaceId?: string;
}

function bearer(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

/** Machines authenticate with a workspace API key: `Authorization: Bearer trl_…`. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly workspaces: WorkspacesService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = bearer(request);
    if (!key) throw problems.unauthorized('Send a workspace API key as "Authorization: Bearer trl_…".');
    if (!looksLikeApiKey(key)) throw problems.unauthorized('That is not a Trellis API key (they start with "trl_").');
    const workspaceId = await this.workspaces.workspaceForKey(key);
    if (!workspaceId) throw problems.unauthorized('The API key is unknown or revoked.');
    request.workspaceId = workspaceId;
    return true;
  }
}

/** Workspace creation is for the operator of the installation, holding TRELLIS_ADMIN_TOKEN. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (!this.config.TRELLIS_ADMIN_TOKEN) {
      throw problems.unauthorized('Creating workspaces is disabled: set TRELLIS_ADMIN_TOKEN on the API server.');
    }
    const token = bearer(request);
    if (!token || !safeEqual(token, this.config.TRELLIS_ADMIN_TOKEN)) {
      throw problems.unauthorized('Send the installation admin token as "Authorization: Bearer <TRELLIS_ADMIN_TOKEN>".');
    }
    return true;
  }
}

export const WorkspaceId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const workspaceId = context.switchToHttp().getRequest<AuthenticatedRequest>().workspaceId;
  if (!workspaceId) throw new Error('WorkspaceId used on a route without ApiKeyGuard');
  return workspaceId;
});
