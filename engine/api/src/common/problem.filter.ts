import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { Problem, ProblemException } from './problem';
import { isStoreUnavailable } from './store-unavailable';

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && value >= 400 && value < 600 ? value : undefined;
}

/** How long a client should wait before retrying a request that met an outage. */
const retryAfterSeconds = 5;

/** Owns the body of every failed response, so all endpoints fail alike: application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = problemOf(error);
    problem.instance = request.originalUrl;
    // A 503 is an expected outage the client can retry (its cause was logged where it happened);
    // only a 500 is a bug worth a stack trace.
    if (problem.status === 500) this.logger.error(`${request.method} ${request.originalUrl}`, error instanceof Error ? error.stack : error);
    else if (problem.status > 500) this.logger.warn(`${request.method} ${request.originalUrl}: ${problem.status} ${problem.detail ?? problem.title}`);
    // An outage is temporary: tell clients when to try again rather than leave them guessing.
    if (problem.status === 503) response.setHeader('Retry-After', String(retryAfterSeconds));
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}

/** What an error means to a client: the problem+json body of its answer (a 500 for anything unforeseen). */
export function problemOf(error: unknown): Problem {
  if (error instanceof ProblemException) {
    return { type: error.type, title: error.title, status: error.status, detail: error.detail, errors: error.errors };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail };
  }
  if (isStoreUnavailable(error)) {
    return { type: 'about:blank', title: 'Service unavailable', status: 503, detail: 'The database is unavailable or busy; nothing was lost. Send the request again.' };
  }
  // Body-parser and similar middleware errors carry an HTTP status of their own.
  const status = statusOf(error);
  if (status !== undefined && status < 500) {
    const detail = error instanceof SyntaxError ? `The body is not valid JSON: ${error.message}` : (error as Error).message;
    return { type: 'about:blank', title: 'Bad request', status, detail };
  }
  return { type: 'about:blank', title: 'Internal server error', status: 500, detail: 'An unexpected error occurred; it has been logged.' };
}
