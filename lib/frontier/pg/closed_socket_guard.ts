/**
 * A guard for a known crash of the PostgreSQL client (npm `postgres` 3.4.9, upstream issues
 * porsager/postgres#1066, #1154, #1208; the fix, a null check in `nextWrite`, is not released).
 * When a connection drops while a small write waits in a `setImmediate`, the client nulls its
 * socket and then the waiting write dereferences it: a `TypeError` thrown from a timer, which no
 * `try` can catch and which ends the process. By then the client has already failed the query
 * that write belonged to with `CONNECTION_CLOSED` (which corun retries), so the write is moot;
 * the guard swallows exactly that error, and nothing else, while a store is open.
 * @module
 */

let installed = false;

/** Installs the guard once per process (idempotent). */
export function guardClosedSocketWrites(): void {
  if (installed) return;
  installed = true;
  globalThis.addEventListener("error", (event) => {
    if (isClosedSocketWrite((event as ErrorEvent).error)) event.preventDefault();
  });
}

/**
 * The client's write to a socket it has already dropped.
 *
 * @param error An uncaught error.
 * @returns True for that error only.
 */
export function isClosedSocketWrite(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const stack = error.stack ?? "";
  if (!/^Cannot read properties of null \(reading 'write'\)$/.test(error.message)) return false;
  // From the client's own file, or (bundled and minified, its names gone) from a setImmediate
  // callback, which corun's own code never schedules.
  return (/nextWrite/.test(stack) && /postgres[@/\\].*connection\.js/.test(stack)) ||
    /\bImmediate\./.test(stack);
}
