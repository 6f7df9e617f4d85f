/**
 * A stop while the config loads (a config URL whose server stalls, stopped by systemd or Ctrl-C): the
 * real command line ends as a stop during the run does, exit 130 and a line that says so, not by the
 * runtime's default for the signal (143 for SIGTERM, and no word).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { readHead } from "./fixtures/raw_conn.ts";
import { MOD } from "./fixtures/run_deno.ts";

/** A server that reads a request and answers nothing until closed. */
function startStallingServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  let asked!: () => void;
  const requested = new Promise<void>((resolve) => asked = resolve);
  const served = (async () => {
    const conn = await listener.accept();
    try {
      if (await readHead(conn) === null) return;
      asked();
      await released;
    } catch {
      // The client went away.
    } finally {
      conn.close();
    }
  })();
  const { port } = listener.addr as Deno.NetAddr;
  return {
    url: `http://127.0.0.1:${port}/stall/c.yaml`,
    requested,
    async close() {
      release();
      listener.close();
      await served;
    },
  };
}

async function stopWhileLoading(command: string, signal: Deno.Signal) {
  const dir = await Deno.makeTempDir({ prefix: "corun-interrupt-load-" });
  const server = startStallingServer();
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD, command]
        .concat([server.url]),
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    // The request reached the server: corun is loading the config, its listeners in place.
    await server.requested;
    child.kill(signal);
    const output = await child.output();
    const decoder = new TextDecoder();
    return {
      url: server.url,
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
    };
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

for (const [command, signal] of [["run", "SIGTERM"], ["schedule", "SIGINT"]] as const) {
  Deno.test({
    name: `${command}: ${signal} while a config URL stalls exits 130 and says it stopped the load`,
    ignore: Deno.build.os === "windows",
    async fn() {
      const { url, code, stdout, stderr } = await stopWhileLoading(command, signal);
      assertEquals([code, stdout, stderr], [
        130,
        "",
        `Interrupted while loading the config "${url}": not run\n`,
      ]);
    },
  });
}

Deno.test({
  name: "worker: SIGTERM while its database connects ends it with 130, unregistered",
  ignore: Deno.build.os === "windows",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "corun-interrupt-connect-" });
    // A "database" that takes the connection and answers nothing, as one behind a dropped route.
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { port } = listener.addr as Deno.NetAddr;
    try {
      await Deno.writeTextFile(
        `${dir}/c.yaml`,
        'tasks:\n  - { name: a, fetch: "http://127.0.0.1:9/a", save: a.html }\n',
      );
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD]
          .concat(["worker", "c.yaml", "--db", `postgres://corun@127.0.0.1:${port}/queue`]),
        cwd: dir,
        stdout: "piped",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).spawn();
      const conn = await listener.accept();
      await conn.read(new Uint8Array(1024)); // its startup message: it is connecting
      child.kill("SIGTERM");
      // The connect fails now rather than at its timeout, and so does any second try.
      conn.close();
      listener.close();
      const output = await child.output();
      const stderr = new TextDecoder().decode(output.stderr);
      assertEquals(output.code, 130, stderr);
      assertEquals(
        stderr.trimEnd().split("\n").at(-1),
        "Interrupted while opening the shared queue: not started",
      );
    } finally {
      try {
        listener.close();
      } catch {
        // Closed above.
      }
      await Deno.remove(dir, { recursive: true });
    }
  },
});
