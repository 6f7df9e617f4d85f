import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { runOperation } from "../lib/loop/mod.ts";
import {
  acquireLock,
  appendHistory,
  HISTORY_FILE_NAME,
  LOCK_FILE_NAME,
  readHolder,
} from "../lib/schedule/mod.ts";
import { ConfinedDir, ConfinementError } from "../lib/sinks/mod.ts";
import { defineConfig, fetchTask, run, type RunEvent } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

/** An output directory whose `name` is a symbolic link to a file outside holding "precious". */
async function withLinkedFile(
  name: string,
  body: (outDir: string, victim: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-links-" });
  try {
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/victim.txt`, "precious\n");
    await Deno.symlink(`${dir}/victim.txt`, `${dir}/out/${name}`);
    await body(`${dir}/out`, `${dir}/victim.txt`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a run lock that is a symbolic link to a file outside is refused, and that file is not emptied", async () => {
  await withLinkedFile(LOCK_FILE_NAME, async (outDir, victim) => {
    await assertRejects(
      () => runOperation(acquireLock(`${outDir}/${LOCK_FILE_NAME}`, { mode: "fail" })),
      ConfinementError,
      "symbolic link",
    );
    assertEquals(await Deno.readTextFile(victim), "precious\n");
  });
});

Deno.test("a dangling symbolic link at the run lock is refused, and its target is not created", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-links-" });
  try {
    await Deno.mkdir(`${dir}/out`);
    await Deno.symlink(`${dir}/made-outside`, `${dir}/out/${LOCK_FILE_NAME}`);
    await assertRejects(
      () => runOperation(acquireLock(`${dir}/out/${LOCK_FILE_NAME}`, { mode: "fail" })),
      ConfinementError,
    );
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["out"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a run history that is a symbolic link to a file outside is refused, and nothing is appended to it", async () => {
  await withLinkedFile(HISTORY_FILE_NAME, async (outDir, victim) => {
    const at = new Date().toISOString();
    await assertRejects(
      () =>
        appendHistory(`${outDir}/${HISTORY_FILE_NAME}`, {
          startedAt: at,
          endedAt: at,
          exitCode: 0,
          counts: { done: 1 },
        }),
      ConfinementError,
      "symbolic link",
    );
    assertEquals(await Deno.readTextFile(victim), "precious\n");
  });
});

Deno.test("a metadata log that is a symbolic link to a file outside is refused, and nothing is appended to it", async () => {
  await using server = startRouteServer({ "/a": { body: "a\n" } });
  await withLinkedFile("corun.jsonl", async (outDir, victim) => {
    const warnings: string[] = [];
    const report = await run(
      defineConfig({ outDir, tasks: [fetchTask("a", server.url("/a"), { save: "a.txt" })] }),
      {
        state: false,
        onEvent: (event: RunEvent) => event.type === "warning" && warnings.push(event.message),
      },
    );
    assertEquals(await Deno.readTextFile(victim), "precious\n");
    assertEquals(await Deno.readTextFile(`${outDir}/a.txt`), "a\n");
    assertEquals(
      warnings.some((message) => message.includes("symbolic link")),
      true,
      `${warnings}`,
    );
    assertEquals(report.tasks.length, 1);
  });
});

Deno.test("a state file that is a symbolic link to a file outside is neither read nor written through", async () => {
  await using server = startRouteServer({ "/a": { headers: { ETag: '"1"' }, body: "a\n" } });
  await withLinkedFile(".corun-state.json", async (outDir, victim) => {
    const warnings: string[] = [];
    await run(
      defineConfig({ outDir, tasks: [fetchTask("a", server.url("/a"), { save: "a.txt" })] }),
      { onEvent: (event: RunEvent) => event.type === "warning" && warnings.push(event.message) },
    );
    assertEquals(await Deno.readTextFile(victim), "precious\n");
    const state = JSON.stringify(`${outDir}/.corun-state.json`);
    assertEquals(warnings, [
      `Cannot read the state file ${state}: ${state} is a symbolic link; corun never reads or writes through one; running without state`,
    ]);
    assertEquals(Deno.lstatSync(`${outDir}/.corun-state.json`).isSymlink, true);
  });
});

Deno.test("the holder of a run lock that is a symbolic link is not read from the file the link leads to", async () => {
  await withLinkedFile(LOCK_FILE_NAME, async (outDir, victim) => {
    const record = { pid: 4242, startedAt: "2026-01-01T00:00:00.000Z", hostname: "elsewhere" };
    await Deno.writeTextFile(victim, `${JSON.stringify(record)}\n`);
    assertEquals(await readHolder(`${outDir}/${LOCK_FILE_NAME}`), undefined);
  });
});

Deno.test("reading a file beside the results refuses a symbolic link and makes no missing directory", async () => {
  await withLinkedFile(HISTORY_FILE_NAME, async (outDir) => {
    assertThrows(
      () => ConfinedDir.openToReadSync(`${outDir}/${HISTORY_FILE_NAME}`),
      ConfinementError,
      `Cannot read "${outDir}/${HISTORY_FILE_NAME}": the path is a symbolic link`,
    );
    assertThrows(
      () => ConfinedDir.openToReadSync(`${outDir}/missing/${HISTORY_FILE_NAME}`),
      Deno.errors.NotFound,
    );
    assertEquals(await Deno.stat(`${outDir}/missing`).catch(() => "absent"), "absent");
  });
});
