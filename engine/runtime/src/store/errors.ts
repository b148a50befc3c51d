/** MongoDB's (and FerretDB's) code for a unique-index violation: "this already exists". */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
