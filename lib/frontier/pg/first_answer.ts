/**
 * A deadline for a new client's first answer. The PostgreSQL client opens a connection again at
 * once, for ever, when one closes before the server said anything in PostgreSQL's protocol (the
 * address is a web server's or a proxy's): each new connection restarts its `connect_timeout`, so
 * a command given such an address would spin there, never failing.
 * @module
 */
import type { Sql } from "./deps.ts";

/**
 * Waits for the server's first answer (a connection opened and a query answered), or fails: a
 * little longer than the client's `connect_timeout`, so a slow server's own timeout comes first.
 *
 * @param sql The new client.
 * @throws {Error} When no answer came in time.
 */
export async function firstAnswer(sql: Sql): Promise<void> {
  const waitS = sql.options.connect_timeout + 2;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new Error(
          `no answer in PostgreSQL's protocol within ${waitS}s (the address takes connections ` +
            "but closes them or stays silent: is it another service's port?)",
        ),
      );
    }, waitS * 1000);
  });
  try {
    await Promise.race([sql`SELECT 1`.execute(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
