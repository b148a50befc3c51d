/** An RFC 9457 problem document: the body of every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Field-level errors: where (a JSON path, or a node id for journeys) and what is wrong. */
  errors?: ProblemError[];
}

export interface ProblemError {
  path?: string;
  code: string;
  message: string;
  nodeId?: string;
}

/** Thrown by services and pipes; the filter turns it into problem+json. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: ProblemError[],
    readonly type = 'about:blank',
  ) {
    super(detail ?? title);
  }
}

export const problems = {
  validation: (errors: ProblemError[], detail = 'The request does not match the expected shape; see errors.') =>
    new ProblemException(400, 'Invalid request', detail, errors),
  unauthorized: (detail: string) => new ProblemException(401, 'Unauthorized', detail),
  forbidden: (detail: string) => new ProblemException(403, 'Forbidden', detail),
  notFound: (what: string) => new ProblemException(404, 'Not found', `${what} does not exist in this workspace.`),
  conflict: (detail: string) => new ProblemException(409, 'Conflict', detail),
  unprocessable: (detail: string, errors: ProblemError[], title = 'Unprocessable journey') => new ProblemException(422, title, detail, errors),
  unavailable: (detail: string) => new ProblemException(503, 'Service unavailable', detail),
};
