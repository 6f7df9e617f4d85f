// A `concurrency` past the process's open-file limit (`ulimit -n`): the run says so at its start,
// with the numbers and both ways out, and a fetch that meets the limit says that it is the limit
// and which setting reaches it. Both used to go unsaid: fetches failed with "Too many open files".
// The metadata log's failure to open there says so too.
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import type { FetchRecord } from "../lib/sinks/mod.ts";
import { LazyMetadataLog } from "../lib/tasks/metadata_log.ts";
import { MetadataRecorder } from "../lib/tasks/metadata_recorder.ts";
import { MOD, runProgram } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const inTempDir = withTempDir("corun-open-files-");

const LIMIT = 64;
const CONCURRENCY = 64;

/** Runs the CLI on `config` with the open-file limit at {@linkcode LIMIT}. */
function runLimited(config: string) {
  return runProgram("sh", [
    "-c",
    `ulimit -n ${LIMIT} && exec "$0" run -A "$1" run --no-state "$2"`,
    Deno.execPath(),
    MOD,
    config,
  ]);
}

Deno.test(
  "a concurrency past the open-file limit is warned of, and the failures it makes name the limit",
  {
    ignore: Deno.build.os !== "linux",
  },
  async () => {
    // Slow answers: every fetch holds its socket while the others connect.
    await using server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return new Response("x".repeat(1000));
    });
    await inTempDir(async (dir) => {
      const urls = Array.from(
        { length: 2 * CONCURRENCY },
        (_, i) => `http://127.0.0.1:${server.addr.port}/f${i}`,
      );
      await Deno.writeTextFile(`${dir}/urls.txt`, urls.join("\n") + "\n");
      const config = `${dir}/c.yaml`;
      await Deno.writeTextFile(
        config,
        `outDir: out\nmetadata: false\nconcurrency: ${CONCURRENCY}\nperHost: ${CONCURRENCY}\n` +
          "tasks:\n  - { name: list, fetch: { urls: urls.txt }, save: '{path}', retries: 0 }\n",
      );
      const { code, stdout, stderr } = await runLimited(config);
      const said = stdout + stderr;
      assertEquals(code, 1, said);
      assertStringIncludes(
        said,
        `warning: concurrency ${CONCURRENCY} may need about 160 open files (a socket and a file for ` +
          "each running fetch, and about 32 of Deno's and corun's own), but this process may open " +
          `only ${LIMIT} (ulimit -n): fetches past the limit fail with "Too many open files"; raise ` +
          "it (ulimit -n 160) or lower concurrency to 16",
      );
      assertStringIncludes(
        said,
        "Too many open files (os error 24): the process's open-file limit (ulimit -n) was reached; " +
          "raise it or lower concurrency",
      );
    });
  },
);

Deno.test("a concurrency within the open-file limit is not warned of", {
  ignore: Deno.build.os !== "linux",
}, async () => {
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("ok"),
  );
  await inTempDir(async (dir) => {
    const config = `${dir}/c.yaml`;
    await Deno.writeTextFile(
      config,
      "outDir: out\nmetadata: false\nconcurrency: 16\ntasks:\n" +
        `  - { name: one, fetch: "http://127.0.0.1:${server.addr.port}/a" }\n`,
    );
    const { code, stdout, stderr } = await runLimited(config);
    assertEquals([code, (stdout + stderr).includes("open files")], [0, false], stdout + stderr);
  });
});

Deno.test("a metadata log that meets the open-file limit says it is the limit, and which setting reaches it", async () => {
  await inTempDir(async (dir) => {
    const tooMany = Object.assign(
      new Error("Too many open files (os error 24): open 'corun.jsonl'"),
      { code: "EMFILE" },
    );
    const heard: string[] = [];
    const log = new LazyMetadataLog(
      dir,
      "corun.jsonl",
      (message) => heard.push(message),
      undefined,
      {
        writerOf: () => {
          throw tooMany;
        },
      },
    );
    const recorder = new MetadataRecorder(log, "run-1");
    await recorder.append({} as FetchRecord);
    await log.close();
    const said =
      `Cannot write the metadata "${dir}/corun.jsonl": Too many open files (os error 24): ` +
      "the process's open-file limit (ulimit -n) was reached; raise it or lower concurrency";
    assertEquals(heard, [said]);
    assertEquals(recorder.warning(), `${said} (1 of 1 metadata lines not written)`);
  });
});
