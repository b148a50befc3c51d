import { z } from 'zod';
import { minPasswordLength } from './passwords';
import { apiKeyScopes, roles } from './permissions';

const email = z.email().max(320);
const password = z.string().min(minPasswordLength, `at least ${minPasswordLength} characters`).max(1024);
const name = z.string().trim().min(1).max(200);

export const signInBody = z.strictObject({ email, password: z.string().min(1).max(1024) });
export const changePasswordBody = z.strictObject({ current: z.string().min(1).max(1024), next: password });
export const acceptInviteBody = z.strictObject({ token: z.string().min(1).max(200), name: name.optional(), password });
export const operatorBody = z.strictObject({ email, name, password });

export const createApiKeyBody = z.strictObject({ name, scope: z.enum(apiKeyScopes) });
export const inviteBody = z.strictObject({ email, role: z.enum(roles) });
export const changeRoleBody = z.strictObject({ role: z.enum(roles) });
export const auditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.string().max(100).optional(),
});
