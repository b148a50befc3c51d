import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader } from '@nestjs/swagger';
import { Permission } from './permissions';
import { AccessRequest, Actor, Principal, SignedIn } from './principal';

export const accessMetadata = 'trellis:access';

/**
 * How a route is reached: by anyone, by a signed-in operator in no workspace in particular, by
 * anyone acting in a workspace whatever they may do there, or with a permission in a workspace.
 */
export type RouteAccess = { kind: 'public' } | { kind: 'installation' } | { kind: 'signedIn' } | { kind: 'workspace' } | { kind: 'permission'; permission: Permission };

export const workspaceHeader = 'x-trellis-workspace';

/**
 * The permission a route needs in the request's workspace: an API key of a scope that grants it,
 * or a session of an operator whose role in the workspace (named by `X-Trellis-Workspace`) does.
 */
export const Requires = (permission: Permission) => inWorkspace({ kind: 'permission', permission });

/**
 * Any API key (even an ingest one) or any member's session in the workspace, with no permission
 * needed: for what a credential may ask about itself, so a client can learn what it may do.
 */
export const AnyWorkspacePrincipal = () => inWorkspace({ kind: 'workspace' });

function inWorkspace(access: RouteAccess) {
  return applyDecorators(
    SetMetadata(accessMetadata, access),
    ApiBearerAuth(),
    ApiHeader({ name: workspaceHeader, required: false, description: 'With an operator session: the workspace to act in. API keys belong to one.' }),
  );
}

export const Public = () => SetMetadata(accessMetadata, { kind: 'public' } satisfies RouteAccess);

/** For the operator of the installation, holding TRELLIS_ADMIN_TOKEN. */
export const InstallationAdmin = () => applyDecorators(SetMetadata(accessMetadata, { kind: 'installation' } satisfies RouteAccess), ApiBearerAuth());

/** Any signed-in operator, whatever their workspaces. */
export const SignedInOnly = () => applyDecorators(SetMetadata(accessMetadata, { kind: 'signedIn' } satisfies RouteAccess), ApiBearerAuth());

function request(context: ExecutionContext): AccessRequest {
  return context.switchToHttp().getRequest<AccessRequest>();
}

function principalOf(context: ExecutionContext): Principal {
  const principal = request(context).principal;
  if (!principal) throw new Error('a principal was asked for on a route without @Requires or @AnyWorkspacePrincipal');
  return principal;
}

export const WorkspaceId = createParamDecorator((_data: unknown, context: ExecutionContext): string => principalOf(context).workspaceId);

/** Who makes the request, in which workspace, and what they may do there. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => principalOf(context));

/** Who the request acts as, for the audit log. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => principalOf(context).actor);

export const CurrentOperator = createParamDecorator((_data: unknown, context: ExecutionContext): SignedIn => {
  const signedIn = request(context).signedIn;
  if (!signedIn) throw new Error('CurrentOperator used on a route without @SignedInOnly');
  return signedIn;
});
