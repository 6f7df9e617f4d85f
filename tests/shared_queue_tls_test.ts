/**
 * A database URL whose host is an IP address, on a PostgreSQL that serves TLS with a certificate of
 * the test CA (trusted through `DENO_CERT`): `sslmode=verify-full` checks the certificate against
 * that address, as libpq does, so a certificate for the address is taken and one for `localhost`
 * alone is refused (the client checked every address against `localhost`: the other way round);
 * `sslmode=verify-ca` checks the chain alone, so a certificate for another name is taken.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import postgres from "npm:postgres@3.4.9";
import { pgTest, type PostgresCluster } from "./fixtures/postgres_cluster.ts";
import { pollUntil } from "./fixtures/poll.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

const TLS = decodeURIComponent(new URL("./fixtures/tls/", import.meta.url).pathname);

/**
 * Has the cluster serve TLS with the fixture certificate `name` (`ip-only`: for 127.0.0.1 alone),
 * and waits until a new connection is served with it.
 */
async function serveCertificate(cluster: PostgresCluster, name: string): Promise<void> {
  // Owned as the data folder is (by the server's user), the key readable by it alone: the server
  // refuses a key others may read.
  const { uid, gid } = await Deno.stat(cluster.dir);
  const cert = `${cluster.dir}/${name}.pem`;
  const key = `${cluster.dir}/${name}-key.pem`;
  await Deno.copyFile(`${TLS}${name}.pem`, cert);
  await Deno.copyFile(`${TLS}${name}-key.pem`, key);
  for (const path of [cert, key]) {
    await Deno.chmod(path, 0o600);
    await Deno.chown(path, uid, gid);
  }
  const sql = postgres(cluster.url, { onnotice: () => {}, max: 1 });
  try {
    // ALTER SYSTEM takes no parameters: the paths are written as literals.
    const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
    await sql.unsafe(`ALTER SYSTEM SET ssl_cert_file = ${literal(cert)}`);
    await sql.unsafe(`ALTER SYSTEM SET ssl_key_file = ${literal(key)}`);
    await sql`ALTER SYSTEM SET ssl = on`;
    await sql`SELECT pg_reload_conf()`;
  } finally {
    await sql.end();
  }
  // A connection opened once the server has read its configuration again.
  await pollUntil(async () => {
    const fresh = postgres(cluster.url, { onnotice: () => {}, max: 1 });
    try {
      const [row] = await fresh`SELECT current_setting('ssl_cert_file') AS cert`;
      return row.cert === cert;
    } finally {
      await fresh.end();
    }
  }, `the server to serve ${name}.pem`);
}

/** `corun db migrate` on the cluster's database at 127.0.0.1, trusting the test CA. */
function migrateWith(cluster: PostgresCluster, sslmode: string) {
  return runDeno(
    [
      "run",
      "--allow-read",
      "--allow-net",
      "--allow-env",
      MOD,
      "db",
      "migrate",
      "--db",
      `${cluster.url}?sslmode=${sslmode}`,
    ],
    { env: { NO_COLOR: "1", DENO_CERT: `${TLS}ca.pem` } },
  );
}

pgTest("TLS to a database named by its IP address", async (cluster, t) => {
  await t.step("verify-full takes a certificate for the address", async () => {
    await serveCertificate(cluster, "ip-only");
    const ran = await migrateWith(cluster, "verify-full");
    assertEquals(ran.code, 0, ran.stderr);
  });

  await t.step("verify-full refuses a certificate for localhost alone", async () => {
    await serveCertificate(cluster, "localhost-only");
    const ran = await migrateWith(cluster, "verify-full");
    assertEquals(ran.code === 0, false, ran.stdout);
    assertStringIncludes(ran.stderr, "127.0.0.1");
  });

  await t.step(
    "verify-ca takes a certificate of the trusted authority for another name",
    async () => {
      await serveCertificate(cluster, "wrong-name");
      const ran = await migrateWith(cluster, "verify-ca");
      assertEquals(ran.code, 0, ran.stderr);
      const full = await migrateWith(cluster, "verify-full");
      assertEquals(full.code === 0, false, full.stdout);
    },
  );
});
