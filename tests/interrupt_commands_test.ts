/**
 * SIGTERM (systemd's stop, `kill`) or SIGINT while a command that does not run tasks is working
 * (`check`, `plan` and `history` loading a config URL that stalls; `submit`, `status`, `db migrate`,
 * `db prune` and `db cancel` connecting to a database that does not answer): the real command line exits 130,
 * as `run`, `schedule` and `worker` do, not by the runtime's default for the signal (143 for
 * SIGTERM).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { pollUntil } from "./fixtures/poll.ts";
import { stall, startScriptedServer } from "./fixtures/scripted_server.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];

/**
 * Runs `corun ARGS` (`{url}` stands for a URL of a server that takes the connection and never
 * answers, `{db}` for a database URL on it), sends `signal` once the server has the connection, and
 * returns how it ended.
 */
async function stopWhileStalled(args: readonly string[], signal: Deno.Signal) {
  const dir = await Deno.makeTempDir({ prefix: "corun-interrupt-command-" });
  // Takes every connection and answers nothing until closed: a config server or a database.
  const server = startScriptedServer({ onConnection: () => [stall()] });
  const db = `postgres://corun@127.0.0.1:${server.port}/queue`;
  try {
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      'tasks:\n  - { name: a, fetch: "http://127.0.0.1:9/a", save: a.html }\n',
    );
    const filled = args.map((arg) =>
      arg.replace("{url}", server.url("/c.yaml")).replace("{db}", db)
    );
    return await runDeno(["run", ...PERMISSIONS, MOD, ...filled], {
      cwd: dir,
      // Connected: the command is at its work, whatever it listens for in place.
      whileRunning: async (child) => {
        await pollUntil(() => child.ended || server.connectionCount > 0, "a connection");
        child.kill(signal); // unless it ended before it connected: the test sees how
      },
    });
  } finally {
    await server.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const COMMANDS: [string[], Deno.Signal][] = [
  [["check", "{url}"], "SIGTERM"],
  [["plan", "{url}"], "SIGTERM"],
  [["history", "{url}"], "SIGTERM"],
  [["submit", "c.yaml", "--db", "{db}"], "SIGTERM"],
  [["status", "--db", "{db}"], "SIGTERM"],
  [["db", "migrate", "--db", "{db}"], "SIGTERM"],
  [["db", "prune", "--db", "{db}"], "SIGTERM"],
  [["db", "cancel", "--queue", "q", "--db", "{db}"], "SIGTERM"],
  [["check", "{url}"], "SIGINT"],
];

for (const [args, signal] of COMMANDS) {
  Deno.test({
    name: `${
      args[0] === "db" ? `db ${args[1]}` : args[0]
    }: ${signal} while it waits on a server exits 130 and says it stopped`,
    ignore: Deno.build.os === "windows",
    async fn() {
      const { code, stdout, stderr } = await stopWhileStalled(args, signal);
      assertEquals([code, stdout, stderr], [130, "", `Interrupted: corun ${args[0]} stopped\n`]);
    },
  });
}
