/**
 * The database server's warnings reach a worker's stderr as lines that say who says them, and once
 * for all the pool's connections: a server shut down at once (`pg_ctl -m immediate`, a crash, the
 * OOM killer) sends each connection `terminating connection due to immediate shutdown command`,
 * which was printed raw, once per pooled connection.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { postgresClient } from "../lib/frontier/pg/mod.ts";
import { pgTest } from "./fixtures/postgres_cluster.ts";

/** A warning every connection raises at the same moment, each busy so the pool opens several. */
const WARN_ON_EACH = "DO $$ BEGIN PERFORM pg_sleep(0.2); RAISE WARNING 'the same words'; END $$";

pgTest("the database server's warnings", async (cluster) => {
  const told: string[] = [];
  const sql = postgresClient(await cluster.createDatabase("notices"), {
    max: 4,
    onNotice: (message) => told.push(message),
  });
  try {
    await Promise.all([1, 2, 3, 4].map(() => sql.unsafe(WARN_ON_EACH)));
    assertEquals(told, [`The database server 127.0.0.1:${cluster.port} says: the same words`]);
    // Other words are said too, once.
    await Promise.all([1, 2].map(() => sql.unsafe(WARN_ON_EACH.replace("same", "other"))));
    assertEquals(told.length, 2);
    assertEquals(told[1], `The database server 127.0.0.1:${cluster.port} says: the other words`);
  } finally {
    await sql.end();
  }
});
