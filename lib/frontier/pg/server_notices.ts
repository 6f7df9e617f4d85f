/**
 * The database server's warnings (`terminating connection due to immediate shutdown command`), as
 * lines a person reads: each says that the server says it, and which server, and a warning comes
 * once for all the pool's connections, which each get their own copy of it at the same moment.
 * @module
 */

/**
 * How long after a warning the same words are taken for its copies: one restart's warning reaches
 * every pooled connection within milliseconds, and the next restart's comes seconds later.
 */
export const NOTICE_COPIES_MS = 2_000;

/**
 * A teller of the server's warnings: each distinct warning once, then again only once it was not
 * heard for {@linkcode NOTICE_COPIES_MS} (the next outage's).
 *
 * @param server The server as messages show it (`db:5432`), or undefined when the URL names none.
 * @param tell Told each line.
 * @returns What the client calls with each warning's message.
 */
export function serverNoticeTeller(
  server: string | undefined,
  tell: (message: string) => void,
): (message: string) => void {
  const lastHeard = new Map<string, number>();
  return (message) => {
    const now = performance.now();
    const last = lastHeard.get(message);
    // Forgets those of earlier bursts: a worker runs for days.
    for (const [heard, at] of lastHeard) {
      if (now - at >= NOTICE_COPIES_MS) lastHeard.delete(heard);
    }
    lastHeard.set(message, now);
    if (last !== undefined && now - last < NOTICE_COPIES_MS) return;
    tell(`The database server${server === undefined ? "" : ` ${server}`} says: ${message}`);
  };
}
