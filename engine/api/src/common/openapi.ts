import { applyDecorators } from '@nestjs/common';
import { ApiBody, OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';

/** Documents a request body in OpenAPI from the zod schema that validates it. */
export function ApiZodBody(schema: z.ZodType, description?: string): MethodDecorator & ClassDecorator {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
  return applyDecorators(ApiBody({ schema: jsonSchema as object, description }));
}

/** The body of every error answer (RFC 9457), described once for the OpenAPI document. */
const problemSchema = z.object({
  type: z.string().describe('"about:blank" unless a more specific problem type applies'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional().describe('What went wrong and what to do about it'),
  instance: z.string().optional().describe('The request path'),
  errors: z
    .array(z.object({ path: z.string().optional(), code: z.string(), message: z.string(), nodeId: z.string().optional() }))
    .optional()
    .describe('Field-level errors: a JSON path into the request (or a journey node id) and what is wrong there'),
});

const problemAnswers: Record<string, string> = {
  '400': 'The request does not match its schema (the errors name each field)',
  '401': 'No credential, or an unknown, revoked or expired one',
  '403': "The credential's scope or role does not allow this",
  '429': 'Past the rate limit of the credential: wait Retry-After seconds',
  '503': 'Temporal or the database is unavailable; nothing accepted was lost: retry after Retry-After seconds',
};

/**
 * Documents the problem+json answers every operation may give, so clients see one error shape
 * everywhere: the common ones on every operation, 404 where a path names a resource.
 */
export function documentProblems(document: OpenAPIObject): OpenAPIObject {
  const problem = { $ref: '#/components/schemas/Problem' };
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: z.toJSONSchema(problemSchema, { target: 'openapi-3.0' }) as object } };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const operation of Object.values(operations) as { responses?: Record<string, unknown> }[]) {
      const answers = { ...problemAnswers, ...(path.includes('{') ? { '404': 'Nothing of that id in this workspace' } : {}) };
      operation.responses = {
        ...Object.fromEntries(Object.entries(answers).map(([status, description]) => [status, { description, content: { 'application/problem+json': { schema: problem } } }])),
        ...operation.responses,
      };
    }
  }
  return document;
}
