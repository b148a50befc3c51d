import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { problems } from './problem';

export function zodIssuesToProblemErrors(error: z.ZodError, root: string): { path: string; code: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].filter(Boolean).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}

/** Validates a body, query or param with the same zod schema the journey core and editor use. */
@Injectable()
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown, metadata: ArgumentMetadata): z.infer<T> {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    // Paths start at what was validated: "userId" in a body, "query.limit", "param.id".
    const root = metadata.type === 'body' ? '' : [metadata.type, metadata.data].filter(Boolean).join('.');
    const where = metadata.type === 'body' ? 'body' : metadata.type === 'param' ? 'path' : 'query string';
    throw problems.validation(zodIssuesToProblemErrors(parsed.error, root), `The request ${where} is invalid; see errors.`);
  }
}
