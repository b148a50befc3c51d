import { applyDecorators } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';

/** Documents a request body in OpenAPI from the zod schema that validates it. */
export function ApiZodBody(schema: z.ZodType, description?: string): MethodDecorator & ClassDecorator {
  const jsonSchema = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
  return applyDecorators(ApiBody({ schema: jsonSchema as object, description }));
}
