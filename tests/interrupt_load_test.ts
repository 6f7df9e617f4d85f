/**
 * A stop while the config loads (a config URL whose server stalls, stopped by systemd or Ctrl-C): the
 * real command line ends as a stop during the run does, exit 130 and a line that says so, not by the
 * runtime's default for the signal (143 for SIGTERM, and no word).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pollUntil, within } from "./fixtures/poll.ts";
import { stall, startScriptedServer } from "./fixtures/scripted_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

async function stopWhileLoading(command: string, signal: Deno.Signal) {
  const dir = await Deno.makeTempDir({ prefix: "corun-interrupt-load-" });
  // Reads the config's request and answers nothing until closed.
  const server = startScriptedServer({ routes: { "/stall/c.yaml": [stall()] } });
  const url = server.url("/stall/c.yaml");
  try {
    const ran = await runDeno(
      ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD, command, url],
      {
        cwd: dir,
        // The request reached the server: corun is loading the config, its listeners in place.
        whileRunning: async (child) => {
          await pollUntil(() => child.ended || server.requests.length > 0, "the config's request");
          child.kill(signal);
        },
      },
    );
    return { url, ...ran };
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
      const args = ["run", "--allow-read", "--allow-write", "--allow-net", "--allow-env", MOD];
      const { code, stderr } = await runDeno(
        [...args, "worker", "c.yaml", "--db", `postgres://corun@127.0.0.1:${port}/queue`],
        {
          cwd: dir,
          whileRunning: async (child) => {
            const conn = await within(listener.accept(), "the worker to connect to its database");
            try {
              // Its startup message: it is connecting.
              await within(conn.read(new Uint8Array(1024)), "the worker's startup message");
              child.kill("SIGTERM");
            } finally {
              // The connect fails now rather than at its timeout, and so does any second try.
              conn.close();
              listener.close();
            }
          },
        },
      );
      assertEquals(code, 130, stderr);
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
