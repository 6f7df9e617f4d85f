/**
 * The throwaway PostgreSQL cluster the PostgreSQL frontier's tests run against: it answers SQL from
 * the npm `postgres` client on its loopback URL, a test's steps share it with a database each, its
 * errors carry the server log, and stopping it removes its folder. Outside CI a machine without
 * PostgreSQL skips these, loudly; under CI (`CI` set) that fails.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import postgres from "npm:postgres@3.4.9";
import { pgTest } from "./fixtures/postgres_cluster.ts";

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

pgTest(
  "a cluster answers SQL on its loopback URL, and stop() removes its folder",
  async (cluster) => {
    assertMatch(cluster.url, /^postgres:\/\/corun@127\.0\.0\.1:\d+\/corun_test$/);
    assertEquals(new URL(cluster.url).port, String(cluster.port));
    assert(await exists(`${cluster.dir}/data/PG_VERSION`));

    const sql = postgres(cluster.url);
    try {
      assertEquals([...await sql`select 1 + 1 as two`], [{ two: 2 }]);
      await sql`create table fetched (url text primary key, status int not null)`;
      const fetched = [
        { url: "http://127.0.0.1/a", status: 200 },
        { url: "http://127.0.0.1/b", status: 404 },
      ];
      await sql`insert into fetched ${sql(fetched)}`;
      assertEquals([...await sql`select url, status from fetched order by url`], fetched);
      // What pgTest checks at the end of every body: here, this client's one connection.
      assertEquals(await cluster.clientConnections(), ["postgres.js on corun_test"]);
    } finally {
      await sql.end();
    }

    await cluster.stop();
    assertEquals(await exists(cluster.dir), false);
    await cluster.stop(); // a second stop (pgTest's own) does nothing
  },
);

pgTest("a test's steps share one cluster, each in a database of its own", async (cluster, t) => {
  const first = await cluster.createDatabase("first_step");
  const second = await cluster.createDatabase("second_step");
  assertEquals(new URL(first).port, String(cluster.port));

  await t.step("the first step makes a table", async () => {
    const sql = postgres(first);
    try {
      await sql`create table queue (url text)`;
      await sql`insert into queue values ('http://127.0.0.1/')`;
      assertEquals([...await sql`select count(*)::int as n from queue`], [{ n: 1 }]);
    } finally {
      await sql.end();
    }
  });

  await t.step("the second step's database does not have it", async () => {
    const sql = postgres(second);
    try {
      const tables = await sql`select tablename from pg_tables where tablename = 'queue'`;
      assertEquals(tables.length, 0);
    } finally {
      await sql.end();
    }
  });
});

pgTest("a failing cluster command names its folder and shows the server log", async (cluster) => {
  await assertRejects(
    () => cluster.createDatabase("Not-Plain"),
    Error,
    "not a plain database name",
  );
  const error = await assertRejects(() => cluster.createDatabase("corun_test"), Error);
  assert(error.message.includes(`createdb corun_test failed`), error.message);
  assert(error.message.includes(`${cluster.dir}/log (tail)`), error.message);
  // The server's own line, from its log.
  assert(/database "corun_test" already exists/.test(error.message), error.message);
});
