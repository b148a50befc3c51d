/**
 * One command for many callers: calls made while the event loop runs one round (many sends at
 * different stages, each awaiting its own read or write) are gathered and carried out together —
 * a read as one `_id: { $in }` query, inserts and updates as one unordered bulk write. Each
 * caller gets its own answer or its own error. The command starts after every call it carries
 * was made, so a batched read is as fresh as a read of one's own.
 *
 * Against FerretDB a command costs about as much client and server CPU as the document work it
 * carries, so at 16 sends in flight this halves the commands a send makes.
 */
export function batched<K, V>(run: (keys: readonly K[]) => Promise<readonly (V | Error)[]>, maxBatch = 100): (key: K) => Promise<V> {
  let queue: { key: K; resolve: (value: V) => void; reject: (error: Error) => void }[] = [];
  let scheduled = false;

  async function flush(): Promise<void> {
    scheduled = false;
    const taken = queue;
    queue = [];
    for (let start = 0; start < taken.length; start += maxBatch) {
      const slice = taken.slice(start, start + maxBatch);
      try {
        const results = await run(slice.map((entry) => entry.key));
        slice.forEach((entry, index) => {
          const result = results[index];
          if (result instanceof Error) entry.reject(result);
          else entry.resolve(result as V);
        });
      } catch (error) {
        for (const entry of slice) entry.reject(error as Error);
      }
    }
  }

  return (key) =>
    new Promise<V>((resolve, reject) => {
      queue.push({ key, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => void flush());
      }
    });
}

/** The write errors of a failed unordered bulk write, by the index of the operation that failed. */
export function writeErrorsByIndex(error: unknown): Map<number, Error & { code?: number }> | undefined {
  const writeErrors = typeof error === 'object' && error !== null ? (error as { writeErrors?: unknown }).writeErrors : undefined;
  if (writeErrors === undefined) return undefined;
  const listed = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as { index: number; code?: number; errmsg?: string; message?: string }[];
  return new Map(listed.map((writeError) => [writeError.index, Object.assign(new Error(writeError.errmsg ?? writeError.message ?? 'write failed'), { code: writeError.code })]));
}
