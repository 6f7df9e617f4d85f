/**
 * Expected checksums of saved bodies (`checksum:` of a task, a list file's third column, a
 * `checksums:` file): a match is saved and recorded; a mismatch fails the fetch, leaves nothing at
 * the final name (and no partial), and the metadata line says expected and actual.
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  type ConfigInput,
  createVirtualClock,
  defineConfig,
  fetchTask,
  run,
  type RunReport,
} from "../mod.ts";
import { bodyOf, startRangeServer } from "./fixtures/range_server.ts";

const BIG = bodyOf(1024 * 1024, 3); // streamed to a temporary
const SMALL = bodyOf(1000, 5); // written in one step

async function hexOf(algorithm: "SHA-256" | "SHA-512", bytes: Uint8Array<ArrayBuffer>) {
  const digest = new Uint8Array(await crypto.subtle.digest(algorithm, bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

const WRONG = "0".repeat(64);

interface Ran {
  report: RunReport;
  records: Record<string, unknown>[];
  /** Files left in the output directory (the metadata log and its archive left out). */
  files: string[];
}

async function runIn(config: Omit<ConfigInput, "outDir">): Promise<Ran> {
  const outDir = await Deno.makeTempDir({ prefix: "corun-checksum-" });
  try {
    const report = await run(defineConfig({ ...config, outDir }), {
      clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }),
      state: false,
    });
    const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
    const records = text.trim().split("\n").map((line) => JSON.parse(line));
    const files: string[] = [];
    for await (const entry of Deno.readDir(outDir)) {
      if (entry.name !== "corun.jsonl" && entry.name !== ".corun") files.push(entry.name);
    }
    return { report, records, files: files.sort() };
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
}

for (const [label, body] of [["a streamed body", BIG], ["a small body", SMALL]] as const) {
  Deno.test(`${label} that matches its sha256 is saved, and the metadata says so`, async () => {
    await using server = startRangeServer({ body });
    const sha = await hexOf("SHA-256", body);
    const ran = await runIn({
      tasks: [{ name: "f", fetch: server.url(), save: "f.bin", checksum: `sha256:${sha}` }],
    });
    assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
    assertEquals(ran.files, ["f.bin"]);
    assertEquals(ran.records[0].checksum, { algorithm: "sha256", expected: sha, actual: sha });
    // Computed for the check, so recorded too, without `sha256: true`.
    assertEquals(ran.records[0].sha256, sha);
  });

  Deno.test(`${label} that does not match fails, is not retried, and leaves nothing at its name`, async () => {
    await using server = startRangeServer({ body });
    const sha = await hexOf("SHA-256", body);
    const ran = await runIn({
      tasks: [{
        name: "f",
        fetch: server.url(),
        save: "f.bin",
        checksum: `sha256:${WRONG}`,
        retries: 2,
      }],
    });
    const [f] = ran.report.tasks;
    assertEquals([f.outcome, f.error?.code], ["failed", "CHECKSUM_MISMATCH"]);
    assertStringIncludes(f.error!.message, server.url());
    assertStringIncludes(f.error!.message, sha);
    assertEquals(ran.files, []);
    assertEquals(server.log.length, 1);
    assertEquals(ran.records[0].checksum, { algorithm: "sha256", expected: WRONG, actual: sha });
    assertEquals((ran.records[0].error as { code: string }).code, "CHECKSUM_MISMATCH");
    // The bytes the server sent, recorded above all where they were not the expected ones.
    assertEquals(ran.records[0].sha256, sha);
  });

  Deno.test(`${label} that does not match its sha512 records its SHA-256 with sha256: true`, async () => {
    await using server = startRangeServer({ body });
    const ran = await runIn({
      tasks: [{
        name: "f",
        fetch: server.url(),
        save: "f.bin",
        checksum: `sha512:${"0".repeat(128)}`,
        sha256: true,
      }],
    });
    assertEquals(ran.report.tasks[0].error?.code, "CHECKSUM_MISMATCH");
    assertEquals(ran.records[0].sha256, await hexOf("SHA-256", body));
  });
}

for (const [label, body] of [["a streamed body", BIG], ["a small body", SMALL]] as const) {
  Deno.test(`${label}'s sha512 checksum is checked with SHA-512; the metadata's sha256 is the SHA-256 only with sha256: true`, async () => {
    await using server = startRangeServer({ body });
    const sha512 = await hexOf("SHA-512", body);
    for (const sha256 of [undefined, true]) {
      const ran = await runIn({
        tasks: [{
          name: "f",
          fetch: server.url(),
          save: "f.bin",
          checksum: `sha512:${sha512}`,
          sha256,
        }],
      });
      assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
      assertEquals(ran.records[0].checksum, {
        algorithm: "sha512",
        expected: sha512,
        actual: sha512,
      });
      assertEquals(ran.records[0].sha256, sha256 ? await hexOf("SHA-256", body) : null);
    }
  });
}

Deno.test("a resumed body whose whole does not match is fetched again from its first byte", async () => {
  // A server that changed the file but not its ETag: the spliced file is wrong, the whole one right.
  const changed = bodyOf(BIG.length, 99);
  await using server = startRangeServer({
    body: BIG,
    rangesFrom: changed,
    cutAt: (i) => i === 0 ? 300_000 : undefined,
  });
  const sha = await hexOf("SHA-256", BIG);
  const ran = await runIn({
    tasks: [{
      name: "f",
      fetch: server.url(),
      save: "f.bin",
      checksum: `sha256:${sha}`,
      retries: 2,
    }],
  });
  assertEquals(ran.report.tasks[0].outcome, "done", ran.report.tasks[0].error?.message);
  assertEquals(server.log.map((entry) => [entry.range, entry.status]), [
    [null, 200],
    ["bytes=300000-", 206],
    [null, 200],
  ]);
  assertEquals(ran.files, ["f.bin"]);
  assertEquals(ran.records[0].checksum, { algorithm: "sha256", expected: sha, actual: sha });
});

Deno.test("a list file's third column is each line's checksum", async () => {
  await using server = startRangeServer({ body: SMALL });
  const sha = await hexOf("SHA-256", SMALL);
  const dir = await Deno.makeTempDir({ prefix: "corun-checksum-list-" });
  try {
    const list = `${dir}/urls.txt`;
    await Deno.writeTextFile(
      list,
      [
        `${server.url("/a.bin")}\t\tsha256:${sha}`,
        `${server.url("/b.bin")}\tb-renamed.bin\tsha256:${WRONG}`,
        `${server.url("/c.bin")}\t\tsha256:nothex`,
      ].join("\n"),
    );
    const ran = await runIn({
      tasks: [{ name: "list", fetch: { urls: list }, save: "{path}" }],
    });
    const byUrl = new Map(ran.records.map((record) => [record.url, record]));
    assertEquals(byUrl.get(server.url("/a.bin"))!.checksum, {
      algorithm: "sha256",
      expected: sha,
      actual: sha,
    });
    const b = byUrl.get(server.url("/b.bin"))!;
    assertEquals(b.checksum, { algorithm: "sha256", expected: WRONG, actual: sha });
    assertEquals((b.error as { code: string }).code, "CHECKSUM_MISMATCH");
    // A bad line is never fetched: its line fails with where and why.
    const c = ran.records.find((record) =>
      (record.error as { code?: string } | undefined)?.code === "BAD_LIST_LINE"
    )!;
    assertStringIncludes((c.error as { message: string }).message, "line 3");
    assertStringIncludes((c.error as { message: string }).message, "third column");
    assertEquals(ran.files, ["a.bin"]);
    assertEquals(server.log.length, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a checksums file gives each saved path its digest, by its path or its file name", async () => {
  await using server = startRangeServer({ body: SMALL });
  const sha = await hexOf("SHA-256", SMALL);
  const dir = await Deno.makeTempDir({ prefix: "corun-checksum-file-" });
  try {
    const sums = `${dir}/SHA256SUMS`;
    await Deno.writeTextFile(
      sums,
      [`${sha}  files/a.bin`, `${WRONG} *b.bin`, ""].join("\n"),
    );
    const ran = await runIn({
      defaults: { checksums: sums },
      tasks: [
        { name: "a", fetch: server.url("/a.bin"), save: "files/a.bin" },
        { name: "b", fetch: server.url("/b.bin"), save: "files/b.bin" },
        { name: "c", fetch: server.url("/c.bin"), save: "files/c.bin" },
      ],
    });
    const outcomes = ran.report.tasks.map((task) => [task.name, task.outcome, task.error?.code]);
    assertEquals(outcomes, [
      ["a", "done", undefined],
      ["b", "failed", "CHECKSUM_MISMATCH"],
      ["c", "done", undefined], // not listed: nothing to check
    ]);
    const byTask = new Map(ran.records.map((record) => [record.task, record]));
    assertEquals(byTask.get("a")!.checksum, { algorithm: "sha256", expected: sha, actual: sha });
    assertEquals(byTask.get("b")!.checksum, { algorithm: "sha256", expected: WRONG, actual: sha });
    assertEquals(byTask.get("c")!.checksum, undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a body not saved is checked too: a mismatch fails the fetch, a sha512 match passes", async () => {
  await using server = startRangeServer({ body: BIG });
  const sha512 = await hexOf("SHA-512", BIG);
  const ran = await runIn({
    tasks: [
      { name: "right", fetch: server.url("/right"), checksum: `sha512:${sha512}` },
      { name: "wrong", fetch: server.url("/wrong"), checksum: `sha256:${WRONG}` },
    ],
  });
  const [right, wrong] = ran.report.tasks;
  assertEquals(right.outcome, "done", right.error?.message);
  assertEquals([wrong.outcome, wrong.error?.code], ["failed", "CHECKSUM_MISMATCH"]);
  assertStringIncludes(wrong.error!.message, `The body of ${server.url("/wrong")} is not`);
  assertEquals(ran.files, []);
});

Deno.test("onResponse: a body it reads is not checked, so the fetch fails; one it leaves to save is checked", async () => {
  await using server = startRangeServer({ body: SMALL });
  const sha = await hexOf("SHA-256", SMALL);
  const ran = await runIn({
    tasks: [
      fetchTask("reads", server.url("/reads"), {
        checksum: `sha256:${WRONG}`,
        *onResponse(response) {
          yield* response.body.bytes();
        },
      }),
      fetchTask("leaves", server.url("/leaves"), {
        save: "leaves.bin",
        checksum: `sha256:${sha}`,
        *onResponse() {},
      }),
    ],
  });
  const [reads, leaves] = ran.report.tasks;
  assertEquals([reads.outcome, reads.error?.code], ["failed", "CALLBACK_READ_BODY"]);
  assertStringIncludes(reads.error!.message, `Cannot check the sha256 of ${server.url("/reads")}`);
  assertEquals(leaves.outcome, "done", leaves.error?.message);
  assertEquals(ran.files, ["leaves.bin"]);
});

Deno.test("onResponse that reads part of a body to save fails the fetch: the rest is never saved as the whole", async () => {
  await using server = startRangeServer({ body: BIG });
  const ran = await runIn({
    tasks: [
      fetchTask("peeks", server.url(), {
        save: "peeks.bin",
        *onResponse(response) {
          yield* response.body.read(); // the first chunk only
        },
      }),
    ],
  });
  const [peeks] = ran.report.tasks;
  assertEquals([peeks.outcome, peeks.error?.code], ["failed", "CALLBACK_READ_BODY"]);
  assertStringIncludes(peeks.error!.message, `Cannot save ${server.url()}`);
  assertEquals(ran.files, []);
  assertEquals(server.log.length, 1); // not retried: the callback would read the same again
});

Deno.test("onResponse that read a whole body without a last read: done, nothing saved; an empty body it read is not checked either", async () => {
  await using small = startRangeServer({ body: new TextEncoder().encode("hello") });
  await using empty = startRangeServer({ body: new Uint8Array(0) });
  const sha = await hexOf("SHA-256", new TextEncoder().encode("hello"));
  const ran = await runIn({
    tasks: [
      fetchTask("reads-once", small.url(), {
        save: "once.bin",
        *onResponse(response) {
          yield* response.body.read(); // all five bytes, but no read has said "the end" yet
        },
      }),
      fetchTask("reads-empty", empty.url(), {
        checksum: `sha256:${sha}`,
        *onResponse(response) {
          yield* response.body.bytes();
        },
      }),
    ],
  });
  const [once, readsEmpty] = ran.report.tasks;
  assertEquals(once.outcome, "done", once.error?.message);
  assertEquals(once.fetch?.savedPath, null);
  assertEquals([readsEmpty.outcome, readsEmpty.error?.code], ["failed", "CALLBACK_READ_BODY"]);
  assertEquals(ran.files, []);
});

// `..data` is a folder inside the output directory like any other: only `..` itself is outside it.
for (const folder of ["v1", "..data"]) {
  Deno.test(`a checksums file in a folder of the output (${folder}) names the files below it as sha256sum -c run there reads them`, async () => {
    await using server = startRangeServer({ body: SMALL });
    const sha = await hexOf("SHA-256", SMALL);
    const outDir = await Deno.makeTempDir({ prefix: "corun-checksum-folder-" });
    try {
      // A release's SHA256SUMS lists its files by their paths beside it, as it was written there.
      await Deno.mkdir(`${outDir}/${folder}`);
      await Deno.writeTextFile(
        `${outDir}/${folder}/SHA256SUMS`,
        [`${sha}  linux/a.bin`, `${WRONG}  windows/b.bin`, ""].join("\n"),
      );
      const report = await run(
        defineConfig({
          outDir,
          defaults: { checksums: `${outDir}/${folder}/SHA256SUMS` },
          tasks: [
            { name: "a", fetch: server.url("/a.bin"), save: `${folder}/linux/a.bin` },
            { name: "b", fetch: server.url("/b.bin"), save: `${folder}/windows/b.bin` },
          ],
        }),
        { clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }), state: false },
      );
      const outcomes = report.tasks.map((task) => [task.name, task.outcome, task.error?.code]);
      assertEquals(outcomes, [
        ["a", "done", undefined],
        ["b", "failed", "CHECKSUM_MISMATCH"],
      ]);
      const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
      const records = text.trim().split("\n").map((line) => JSON.parse(line));
      const byTask = new Map(records.map((record) => [record.task, record]));
      assertEquals(byTask.get("a")!.checksum, { algorithm: "sha256", expected: sha, actual: sha });
      await Deno.stat(`${outDir}/${folder}/linux/a.bin`);
      const left = await Deno.stat(`${outDir}/${folder}/windows/b.bin`).then(
        () => true,
        () => false,
      );
      assertEquals(left, false);
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  });
}
