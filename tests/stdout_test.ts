/**
 * `save: "-"`: the body goes to standard output, byte for byte, and the run is shown on stderr; a
 * second fetch of the run that would write there fails, naming the first. Both run corun in a
 * process of its own, whose stdout the test reads.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { readHead, writeAll } from "./fixtures/raw_conn.ts";
import { within } from "./fixtures/poll.ts";
import { MOD, runDeno, runDenoBytes } from "./fixtures/run_deno.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const PERMISSIONS = ["--allow-read", "--allow-write", "--allow-net", "--allow-env"];

async function metadataOf(outDir: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(`${outDir}/corun.jsonl`);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

async function namesIn(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

for (const [label, size] of [["a streamed body", 1024 * 1024], ["a small body", 3000]] as const) {
  Deno.test(`corun run: save "-" writes ${label} to stdout, binary-safe, and the run to stderr`, async () => {
    // Every byte value, and sequences that are not UTF-8: a text round trip would change them.
    const body = bodyOf(size, 17);
    body.set([0x00, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x0d], 0);
    await using server = startRangeServer({ body });
    const dir = await Deno.makeTempDir({ prefix: "corun-stdout-" });
    try {
      await Deno.writeTextFile(
        `${dir}/out.yaml`,
        `outDir: out\ntasks:\n  - name: dump\n    fetch: ${server.url()}\n    save: "-"\n`,
      );
      const ran = await runDenoBytes(["run", ...PERMISSIONS, MOD, "run", "out.yaml"], { cwd: dir });
      assertEquals(ran.code, 0, ran.stderr);
      assertEquals(ran.stdout.length, body.length);
      assertEquals(ran.stdout, body);
      // The plain log went to stderr: the task's lines and the summary.
      assertStringIncludes(ran.stderr, "dump done");
      assertStringIncludes(ran.stderr, "1 done");
      const [record] = await metadataOf(`${dir}/out`);
      assertEquals([record.savedPath, record.bytes], ["-", body.length]);
      assert(!(await namesIn(`${dir}/out`)).includes("-"), "no file named -");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test('corun run --json with save "-": the report goes to stderr, stdout holds only the body', async () => {
  const body = bodyOf(5000, 23);
  await using server = startRangeServer({ body });
  const dir = await Deno.makeTempDir({ prefix: "corun-stdout-json-" });
  try {
    await Deno.writeTextFile(
      `${dir}/out.yaml`,
      `outDir: out\ntasks:\n  - name: dump\n    fetch: ${server.url()}\n    save: "-"\n`,
    );
    const ran = await runDenoBytes(["run", ...PERMISSIONS, MOD, "run", "out.yaml", "--json"], {
      cwd: dir,
    });
    assertEquals(ran.code, 0, ran.stderr);
    assertEquals(ran.stdout, body);
    const report = JSON.parse(ran.stderr.slice(ran.stderr.indexOf("{")));
    assertEquals(report.tasks[0].outcome, "done");
    // Told apart from a file named "-" (a server's filename="-"), which is saved as any file.
    assertEquals([report.tasks[0].fetch.savedPath, report.tasks[0].fetch.stdout], ["-", true]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a second fetch of a run that would write to stdout fails, naming the one that does", async () => {
  const body = bodyOf(4000, 29);
  await using server = startRangeServer({ body });
  const dir = await Deno.makeTempDir({ prefix: "corun-stdout-twice-" });
  try {
    // A crawl whose links share the task's save "-": the first body is written, the link fails.
    await Deno.writeTextFile(
      `${dir}/twice.ts`,
      `import { defineConfig, fetchTask, run } from ${JSON.stringify(MOD)};
const [url, outDir] = Deno.args;
await run(
  defineConfig({
    outDir,
    tasks: [fetchTask("dump", url, {
      save: "-",
      *onResponse(_response, ctx) {
        yield* ctx.enqueue(url + "?again");
      },
    })],
  }),
  { state: false },
);
`,
    );
    const ran = await runDenoBytes(
      ["run", ...PERMISSIONS, `${dir}/twice.ts`, server.url(), `${dir}/out`],
      { cwd: dir },
    );
    assertEquals(ran.code, 0, ran.stderr);
    assertEquals(ran.stdout, body);
    const records = await metadataOf(`${dir}/out`);
    const second = records.find((record) => record.url === server.url() + "?again")!;
    const error = second.error as { code: string; message: string };
    assertEquals(error.code, "STDOUT_TAKEN");
    assertStringIncludes(error.message, `task "dump" (${server.url()})`);
    assertEquals(server.log.length, 1); // the second was never requested
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('a custom task\'s ctx.enqueue with save "-" fails: only a task whose own save is "-" writes to stdout', async () => {
  const body = bodyOf(2000, 41);
  await using server = startRangeServer({ body });
  const dir = await Deno.makeTempDir({ prefix: "corun-stdout-enqueue-" });
  try {
    await Deno.writeTextFile(
      `${dir}/enqueue.ts`,
      `import { defineConfig, task } from ${JSON.stringify(MOD)};
export default defineConfig({
  outDir: "out",
  tasks: [task("links", function* (ctx) {
    yield* ctx.enqueue(${JSON.stringify(server.url())}, { save: "-" });
  })],
});
`,
    );
    const ran = await runDenoBytes(["run", ...PERMISSIONS, MOD, "run", "enqueue.ts"], { cwd: dir });
    assertEquals(ran.code, 1, ran.stderr);
    const stdout = new TextDecoder().decode(ran.stdout);
    assertStringIncludes(stdout, "links failed"); // the run's lines, and no body among them
    assertEquals(server.log.length, 0);
    const [record] = await metadataOf(`${dir}/out`);
    const error = record.error as { code: string; message: string };
    assertEquals(error.code, "STDOUT_TAKEN");
    assertStringIncludes(error.message, 'only a task whose own save is "-" writes there');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a body that breaks off after some of it went to stdout fails, and is not fetched again", async () => {
  const body = bodyOf(1024 * 1024, 31);
  await using server = startRangeServer({ body, cutAt: () => 300_000 });
  const dir = await Deno.makeTempDir({ prefix: "corun-stdout-broken-" });
  try {
    await Deno.writeTextFile(
      `${dir}/out.yaml`,
      `outDir: out\ntasks:\n  - name: dump\n    fetch: ${server.url()}\n    save: "-"\n    retries: 2\n`,
    );
    const ran = await runDenoBytes(["run", ...PERMISSIONS, MOD, "run", "out.yaml"], { cwd: dir });
    assertEquals(ran.code, 1, ran.stderr);
    assertEquals(ran.stdout, body.subarray(0, 300_000));
    assertEquals(server.log.length, 1);
    const [record] = await metadataOf(`${dir}/out`);
    const error = record.error as { code: string; message: string };
    assertEquals(error.code, "EARLY_EOF");
    assertStringIncludes(error.message, "300000 bytes");
    assertStringIncludes(error.message, "standard output");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('save "-" with a checksum: the body is on stdout either way; a mismatch fails the run and says so', async () => {
  const body = bodyOf(2000, 37);
  await using server = startRangeServer({ body });
  const dir = await Deno.makeTempDir({ prefix: "corun-stdout-checksum-" });
  try {
    await Deno.writeTextFile(
      `${dir}/out.yaml`,
      `outDir: out\ntasks:\n  - name: dump\n    fetch: ${server.url()}\n    save: "-"\n` +
        `    checksum: sha256:${"0".repeat(64)}\n`,
    );
    const ran = await runDenoBytes(["run", ...PERMISSIONS, MOD, "run", "out.yaml"], { cwd: dir });
    assertEquals(ran.code, 1, ran.stderr);
    assertEquals(ran.stdout, body);
    const [record] = await metadataOf(`${dir}/out`);
    const error = record.error as { code: string; message: string };
    assertEquals(error.code, "CHECKSUM_MISMATCH");
    assertStringIncludes(error.message, "written to standard output already");
    assertEquals((record.checksum as { expected: string }).expected, "0".repeat(64));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('save "-" whose reader went away before the body came: the error names standard output and claims no byte went out', async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  let release!: () => void;
  const released = new Promise<void>((resolve) => release = resolve);
  let asked!: () => void;
  const requested = new Promise<void>((resolve) => asked = resolve);
  const served = (async () => {
    // No connection, when the run never asked: the listener is closed, and the test says why.
    const conn = await listener.accept().catch(() => undefined);
    if (conn === undefined) return;
    try {
      if (await readHead(conn) === null) return;
      asked();
      await released;
      await writeAll(conn, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nlate\n");
      await conn.read(new Uint8Array(16 * 1024)); // until the client closes
    } finally {
      conn.close();
    }
  })();
  const dir = await Deno.makeTempDir({ prefix: "corun-stdout-gone-" });
  try {
    const { port } = listener.addr as Deno.NetAddr;
    await Deno.writeTextFile(
      `${dir}/out.yaml`,
      `outDir: out\ntasks:\n  - name: dump\n    fetch: http://127.0.0.1:${port}/late\n    save: "-"\n`,
    );
    const { code, stderr } = await runDeno(["run", ...PERMISSIONS, MOD, "run", "out.yaml"], {
      cwd: dir,
      whileRunning: async (child) => {
        await within(requested, "the run's request");
        await child.closeStdout(); // the reader of `corun … | head` is gone
        release();
      },
    });
    assertEquals(code, 1, stderr);
    const [record] = await metadataOf(`${dir}/out`);
    const error = record.error as { code: string; message: string };
    assertEquals(error.code, "EPIPE");
    // Worded as every other closed pipe of corun's (`corun plan … | head`), not Deno's raw text.
    assertEquals(error.message, "Cannot write standard output: its reader went away (broken pipe)");
    assertStringIncludes(
      stderr,
      "Cannot write standard output: its reader went away (broken pipe)",
    );
    assert(!error.message.includes("were already written"), error.message);
  } finally {
    release();
    listener.close();
    await served;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('save "-" writes the bytes a file save would keep: a .tar.gz sent with its own gzip coding stays gzip (corun run … | tar xz)', async () => {
  const tar = new TextEncoder().encode("pretend this is a tar archive\n".repeat(100));
  const gzip = new Uint8Array(
    await new Response(new Blob([tar]).stream().pipeThrough(new CompressionStream("gzip")))
      .arrayBuffer(),
  );
  await using server = startRouteServer({
    // As Apache's `AddEncoding x-gzip .gz` serves it.
    "/pkg.tar.gz": {
      headers: { "Content-Type": "application/x-tar", "Content-Encoding": "x-gzip" },
      body: gzip,
    },
    // A download script's: the name the server gives decides, as it would for {filename}.
    "/get": {
      headers: {
        "Content-Encoding": "gzip",
        "Content-Disposition": 'attachment; filename="pkg.tgz"',
      },
      body: gzip,
    },
    // A page compressed on the way is its content.
    "/page": { headers: { "Content-Encoding": "gzip" }, body: gzip },
  });
  const dir = await Deno.makeTempDir({ prefix: "corun-stdout-coded-" });
  try {
    const cases: [string, Uint8Array][] = [["/pkg.tar.gz", gzip], ["/get?id=1", gzip], [
      "/page",
      tar,
    ]];
    for (const [path, expected] of cases) {
      await Deno.writeTextFile(
        `${dir}/out.yaml`,
        `outDir: out\nmetadata: false\ntasks:\n  - name: dump\n    fetch: ${
          server.url(path)
        }\n    save: "-"\n`,
      );
      const ran = await runDenoBytes(["run", ...PERMISSIONS, MOD, "run", "out.yaml"], { cwd: dir });
      assertEquals(ran.code, 0, ran.stderr);
      assertEquals(ran.stdout, expected, path);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
