/** MongoDB's (and FerretDB's) code for a unique-index violation: "this already exists". */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** A write of several documents that failed only because some of them already exist. */
export function isOnlyDuplicateKeys(error: unknown): boolean {
  // The driver lists one write error as itself, several as an array; mongoose's unordered
  // insertMany lists plain `{ err: { code }, index }` records.
  const writeErrors = typeof error === 'object' && error !== null ? (error as { writeErrors?: unknown }).writeErrors : undefined;
  if (writeErrors === undefined) return isDuplicateKeyError(error);
  const listed: unknown[] = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  return listed.length > 0 && listed.every((writeError) => isDuplicateKeyError(writeError) || isDuplicateKeyError((writeError as { err?: unknown }).err));
}
