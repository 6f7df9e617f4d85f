import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  createVirtualClock,
  defineConfig,
  fetchTask,
  run,
  type RunEvent,
  type RunOptions,
} from "../mod.ts";
import type { RecordedRequest } from "./fixtures/request_reader.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const STATE = ".corun-state.json";
/** A time long past, set on files so a rewrite would show as a new mtime without any waiting. */
const LONG_AGO = new Date("2020-01-02T03:04:05Z");

/** A resource whose body and validators a test changes between runs; answers conditionals as RFC 9110 says. */
interface Resource {
  body: string;
  etag?: string;
  lastModified?: string;
  /** Extra header fields of a 304. */
  notModifiedHeaders?: Record<string, string>;
}

function serve(resource: Resource) {
  return (request: RecordedRequest): ResponseSpec => {
    const validators: Record<string, string> = {};
    if (resource.etag) validators.ETag = resource.etag;
    if (resource.lastModified) validators["Last-Modified"] = resource.lastModified;
    const ifNoneMatch = request.headers.get("if-none-match");
    const ifModifiedSince = request.headers.get("if-modified-since");
    const notModified = ifNoneMatch !== null
      ? ifNoneMatch === resource.etag
      : ifModifiedSince !== null && ifModifiedSince === resource.lastModified;
    if (notModified) {
      return { status: 304, headers: { ...validators, ...resource.notModifiedHeaders } };
    }
    return { headers: { ...validators, "Content-Type": "text/html" }, body: resource.body };
  };
}

const withOutDir = withTempDir("corun-state-test-");

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

async function readState(outDir: string): Promise<Record<string, Record<string, string>>> {
  return JSON.parse(await Deno.readTextFile(`${outDir}/${STATE}`)).entries;
}

async function lastRecord(outDir: string): Promise<Record<string, unknown>> {
  const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n");
  return JSON.parse(lines.at(-1)!);
}

async function mtimeMs(path: string): Promise<number | undefined> {
  return (await Deno.stat(path)).mtime?.getTime();
}

function runPage(url: string, outDir: string, options: RunOptions = {}, sha256?: boolean) {
  return run(defineConfig({ tasks: [fetchTask("page", url, { save: "page.html", sha256 })] }), {
    outDir,
    ...options,
  });
}

Deno.test("sha256: true: a 304's metadata line carries the kept file's SHA-256, as its save recorded it", async () => {
  await using server = startRouteServer({ "/page": serve({ body: "version one", etag: '"v1"' }) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir, {}, true);
    const saved = await lastRecord(outDir);
    assertMatch(saved.sha256, /^[0-9a-f]{64}$/);
    await runPage(url, outDir, {}, true);
    const record = await lastRecord(outDir);
    assertEquals([record.status, record.unchanged, record.bytes], [304, true, 0]);
    assertEquals(record.sha256, saved.sha256);
    assertEquals(record.sha256, (await readState(outDir))[url].sha256);
  });
});

Deno.test("an ETag is sent back as If-None-Match; a 304 leaves the saved file exactly as it was", async () => {
  const resource: Resource = { body: "version one", etag: '"v1"' };
  await using server = startRouteServer({ "/page": serve(resource) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    const page = `${outDir}/page.html`;
    const first = (await runPage(url, outDir, {}, true)).tasks[0];
    assertEquals([first.outcome, first.fetch?.status, first.fetch?.unchanged], [
      "done",
      200,
      undefined,
    ]);
    assertEquals(server.requests[0].headers.get("if-none-match"), null);
    const entry = (await readState(outDir))[url];
    assertEquals([entry.etag, entry.savedPath], ['"v1"', "page.html"]);
    assertMatch(entry.sha256, /^[0-9a-f]{64}$/);
    await Deno.utime(page, LONG_AGO, LONG_AGO);
    await Deno.utime(`${outDir}/${STATE}`, LONG_AGO, LONG_AGO);

    const second = (await runPage(url, outDir)).tasks[0];
    assertEquals(server.requests[1].headers.get("if-none-match"), '"v1"');
    assertEquals(second.outcome, "done");
    assertEquals(second.fetch, {
      url,
      finalUrl: url,
      status: 304,
      bytes: 0,
      savedPath: "page.html",
      attempts: 1,
      unchanged: true,
    });
    assertEquals(await Deno.readTextFile(page), "version one");
    assertEquals(await mtimeMs(page), LONG_AGO.getTime());
    // Nothing changed, so the state file was not written either.
    assertEquals(await mtimeMs(`${outDir}/${STATE}`), LONG_AGO.getTime());
    const record = await lastRecord(outDir);
    assertEquals([record.status, record.unchanged, record.savedPath], [304, true, "page.html"]);
    assertEquals([record.bytes, record.sha256], [0, null]); // no body came, so none was hashed

    resource.body = "version two";
    resource.etag = '"v2"';
    const third = (await runPage(url, outDir)).tasks[0];
    assertEquals(server.requests[2].headers.get("if-none-match"), '"v1"');
    assertEquals([third.fetch?.status, third.fetch?.unchanged], [200, undefined]);
    assertEquals(await Deno.readTextFile(page), "version two");
    assert((await mtimeMs(page))! > LONG_AGO.getTime());
    assertEquals((await readState(outDir))[url].etag, '"v2"');
    assertEquals((await lastRecord(outDir)).unchanged, undefined);
    // Body and state were renamed into place: no temporary file is left (.corun keeps the
    // metadata of the earlier runs).
    assertEquals(await listDir(outDir), [".corun", STATE, "corun.jsonl", "page.html"]);
  });
});

Deno.test("a Last-Modified is sent back as If-Modified-Since", async () => {
  const lastModified = "Wed, 21 Oct 2026 07:28:00 GMT";
  await using server = startRouteServer({ "/page": serve({ body: "dated", lastModified }) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir);
    assertEquals((await readState(outDir))[url].lastModified, lastModified);
    const second = (await runPage(url, outDir)).tasks[0];
    assertEquals(server.requests[1].headers.get("if-modified-since"), lastModified);
    assertEquals(server.requests[1].headers.get("if-none-match"), null);
    assertEquals([second.fetch?.status, second.fetch?.unchanged], [304, true]);
    assertEquals(await Deno.readTextFile(`${outDir}/page.html`), "dated");
  });
});

Deno.test("a 304 keeps the saved file only where this run would save it: a changed template or another day saves anew", async (t) => {
  const resource: Resource = { body: "same body", etag: '"same"' };
  await using server = startRouteServer({ "/page": serve(resource) });
  const url = server.url("/page");
  const runWith = (outDir: string, save: string, options: RunOptions = {}) =>
    run(defineConfig({ tasks: [fetchTask("page", url, { save })] }), { outDir, ...options });
  await t.step("a {uuid} template changed: the new one saves anew", async () => {
    await withOutDir(async (outDir) => {
      await runWith(outDir, "a/{uuid}.html");
      const second = (await runWith(outDir, "b/{uuid}.html")).tasks[0];
      assertEquals(second.fetch?.status, 200);
      assertMatch(second.fetch?.savedPath ?? "", /^b\//);
    });
  });
  await t.step("the task's save template changed", async () => {
    await withOutDir(async (outDir) => {
      await runWith(outDir, "old.html");
      const second = (await runWith(outDir, "new/page.html")).tasks[0];
      assertEquals([second.fetch?.status, second.fetch?.savedPath], [200, "new/page.html"]);
      assertEquals(await Deno.readTextFile(`${outDir}/new/page.html`), "same body");
      assertEquals((await readState(outDir))[url].savedPath, "new/page.html");
    });
  });
  await t.step("{date}: the next day's run writes the next day's file", async () => {
    await withOutDir(async (outDir) => {
      const today = (await runWith(outDir, "{date}/page.html")).tasks[0];
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      const next = (await runWith(outDir, "{date}/page.html", {
        clock: createVirtualClock({ startWallMs: Date.now() + 86_400_000 }),
      })).tasks[0];
      assertEquals(next.fetch?.status, 200);
      assertEquals(next.fetch?.savedPath, `${tomorrow}/page.html`);
      assert(next.fetch?.savedPath !== today.fetch?.savedPath);
      assertEquals(await Deno.readTextFile(`${outDir}/${tomorrow}/page.html`), "same body");
    });
  });
  await t.step(
    "what comes from the response ({ext} from the Content-Type, {sha256}) stays a 304",
    async () => {
      await withOutDir(async (outDir) => {
        for (const save of ["{name}.{ext}", "{ext}/{name}", "{sha256}.bin", "u/{uuid}.html"]) {
          const first = (await runWith(outDir, save)).tasks[0];
          const second = (await runWith(outDir, save)).tasks[0];
          assertEquals(
            [second.fetch?.status, second.fetch?.unchanged, second.fetch?.savedPath],
            [304, true, first.fetch?.savedPath],
            save,
          );
        }
      });
    },
  );
});

Deno.test("a saved file that was deleted is fetched again without a condition", async () => {
  await using server = startRouteServer({ "/page": serve({ body: "again", etag: '"e"' }) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir);
    await Deno.remove(`${outDir}/page.html`);
    const second = (await runPage(url, outDir)).tasks[0];
    assertEquals(server.requests[1].headers.get("if-none-match"), null);
    assertEquals([second.fetch?.status, second.fetch?.savedPath], [200, "page.html"]);
    assertEquals(await Deno.readTextFile(`${outDir}/page.html`), "again");
  });
});

Deno.test("a saved file replaced by a symbolic link is fetched again without a condition, the link replaced by the body", async () => {
  await using server = startRouteServer({ "/page": serve({ body: "again", etag: '"e"' }) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir);
    // A file elsewhere that looks like the saved one: same size, written long before the save.
    const elsewhere = await Deno.makeTempFile({ prefix: "corun-state-link-" });
    try {
      await Deno.writeTextFile(elsewhere, "AGAIN");
      await Deno.utime(elsewhere, LONG_AGO, LONG_AGO);
      await Deno.remove(`${outDir}/page.html`);
      await Deno.symlink(elsewhere, `${outDir}/page.html`);
      const second = (await runPage(url, outDir)).tasks[0];
      assertEquals(server.requests[1].headers.get("if-none-match"), null);
      assertEquals([second.outcome, second.fetch?.status], ["done", 200]);
      assert((await Deno.lstat(`${outDir}/page.html`)).isFile);
      assertEquals(await Deno.readTextFile(`${outDir}/page.html`), "again");
      assertEquals(await Deno.readTextFile(elsewhere), "AGAIN");
    } finally {
      await Deno.remove(elsewhere);
    }
  });
});

Deno.test("a corrupt state file is a warning; the run goes on and replaces it", async () => {
  await using server = startRouteServer({ "/page": serve({ body: "fresh", etag: '"f"' }) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await Deno.writeTextFile(`${outDir}/${STATE}`, '{"version": 1, "entries": {"http://to');
    await Deno.writeTextFile(`${outDir}/page.html`, "old");
    const events: RunEvent[] = [];
    const report = await runPage(url, outDir, { onEvent: (event) => events.push(event) });
    const warnings = events.flatMap((event) => event.type === "warning" ? [event.message] : []);
    assertEquals(warnings.length, 1);
    assertMatch(
      warnings[0],
      /^Cannot read the state file ".*": it is not JSON .*; starting with an empty state$/,
    );
    assertEquals([report.tasks[0].outcome, report.tasks[0].fetch?.status], ["done", 200]);
    assertEquals(server.requests[0].headers.get("if-none-match"), null);
    assertEquals((await readState(outDir))[url].etag, '"f"');
  });
});

Deno.test("a state file that corun did not write is a warning, used by nobody and never replaced", async () => {
  await using server = startRouteServer({ "/page": serve({ body: "fresh", etag: '"f"' }) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    // A --state pointing at the wrong file by mistake: the config, a newer corun's state.
    for (const text of ['{ "tasks": [] }\n', '{ "version": 2, "entries": {} }\n', "tasks: []\n"]) {
      const path = `${outDir}/elsewhere.json`;
      await Deno.writeTextFile(path, text);
      const events: RunEvent[] = [];
      const report = await runPage(url, outDir, {
        state: path,
        onEvent: (event) => events.push(event),
      });
      const warnings = events.flatMap((event) => event.type === "warning" ? [event.message] : []);
      assertEquals(warnings.length, 1);
      assertMatch(
        warnings[0],
        /^Cannot read the state file ".*elsewhere\.json": it is .*; running without state \(the file is left as it is\)$/,
      );
      assertEquals(report.tasks[0].outcome, "done");
      assertEquals(await Deno.readTextFile(path), text);
    }
  });
});

Deno.test("a state file of another layout past 500 MiB is a warning naming its size and the limit, never read nor replaced", async () => {
  await using server = startRouteServer({ "/page": serve({ body: "fresh", etag: '"f"' }) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    // Sparse: its size is all the run looks at.
    const path = `${outDir}/${STATE}`;
    await Deno.writeFile(path, new Uint8Array());
    await Deno.truncate(path, 500 * 2 ** 20 + 1);
    const events: RunEvent[] = [];
    const report = await runPage(url, outDir, { onEvent: (event) => events.push(event) });
    const warnings = events.flatMap((event) => event.type === "warning" ? [event.message] : []);
    assertEquals(warnings, [
      `Cannot read the state file "${path}": it is 524,288,001 bytes, and not laid out one entry a ` +
      "line as corun writes state files: such a file is read whole, as one string, up to 500MiB " +
      "(a fixed limit, near the longest string JavaScript makes); is it the right file? Give the " +
      "run another (--state) or remove this one; running without state (the file is left as it is)",
    ]);
    assertEquals(report.tasks[0].outcome, "done");
    assertEquals((await Deno.stat(path)).size, 500 * 2 ** 20 + 1);
  });
});

Deno.test("a response without validators removes the URL's entry", async () => {
  const resource: Resource = { body: "tagged", etag: '"t"' };
  await using server = startRouteServer({ "/page": serve(resource) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir);
    resource.etag = undefined;
    resource.body = "untagged";
    await runPage(url, outDir);
    assertEquals(await readState(outDir), {});
    await runPage(url, outDir);
    assertEquals(server.requests[2].headers.get("if-none-match"), null);
  });
});

Deno.test("a 304 naming another ETag than the one sent keeps nothing: its ETag is never recorded for the old file, and the next run gets the new version", async () => {
  // A stale edge that has the new version's head answers every request 304, naming "e2".
  let edge: "v1" | "stale" | "v2" = "v1";
  const v2 = serve({ body: "version two", etag: '"e2"' });
  await using server = startRouteServer({
    "/page": (request) => {
      if (edge === "v1") return serve({ body: "version one", etag: '"e1"' })(request);
      return edge === "stale" ? { status: 304, headers: { ETag: '"e2"' } } : v2(request);
    },
  });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    const page = `${outDir}/page.html`;
    await runPage(url, outDir);
    edge = "stale";
    const stale = (await runPage(url, outDir)).tasks[0];
    // Asked again without a condition in the same attempt, whose 304 then proves nothing at all.
    assertEquals(server.requests.slice(1).map((request) => request.headers.get("if-none-match")), [
      '"e1"',
      null,
    ]);
    assertEquals([stale.outcome, stale.fetch?.unchanged], ["failed", undefined]);
    assertMatch(stale.error!.message, /answered 304/);
    assertEquals(await Deno.readTextFile(page), "version one");
    assertEquals((await readState(outDir))[url].etag, '"e1"');

    edge = "v2";
    const third = (await runPage(url, outDir)).tasks[0];
    assertEquals(server.requests[3].headers.get("if-none-match"), '"e1"');
    assertEquals([third.fetch?.status, third.fetch?.unchanged], [200, undefined]);
    assertEquals(await Deno.readTextFile(page), "version two");
    assertEquals((await readState(outDir))[url].etag, '"e2"');
  });
});

Deno.test("a 304 naming another Last-Modified than the If-Modified-Since sent alone: the body is fetched whole in the same attempt", async () => {
  const first = "Mon, 01 Jan 2024 00:00:00 GMT";
  const second = "Tue, 02 Jan 2024 00:00:00 GMT";
  let edge: "v1" | "stale" = "v1";
  await using server = startRouteServer({
    "/page": (request) => {
      if (edge === "v1") return serve({ body: "version one", lastModified: first })(request);
      // A stale edge: a 304 with the new version's date to a conditional request, else the body.
      if (request.headers.get("if-modified-since") !== null) {
        return { status: 304, headers: { "Last-Modified": second } };
      }
      return { headers: { "Last-Modified": second }, body: "version two" };
    },
  });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir);
    edge = "stale";
    const report = (await runPage(url, outDir)).tasks[0];
    assertEquals(server.requests[1].headers.get("if-modified-since"), first);
    assertEquals(server.requests[2].headers.get("if-modified-since"), null);
    assertEquals(report.outcome, "done");
    assertEquals([report.fetch?.status, report.fetch?.unchanged, report.fetch?.attempts], [
      200,
      undefined,
      2,
    ]);
    assertEquals(await Deno.readTextFile(`${outDir}/page.html`), "version two");
    assertEquals((await readState(outDir))[url].lastModified, second);
  });
});

Deno.test("a 304 naming an ETag where the saved file had none proves nothing about it: the body is fetched whole, and the ETag recorded with it", async () => {
  const lastModified = "Mon, 01 Jan 2024 00:00:00 GMT";
  let tagged = false;
  await using server = startRouteServer({
    "/page": (request) => {
      if (!tagged) return serve({ body: "version one", lastModified })(request);
      if (request.headers.get("if-modified-since") !== null) {
        return { status: 304, headers: { ETag: '"e2"', "Last-Modified": lastModified } };
      }
      return { headers: { ETag: '"e2"', "Last-Modified": lastModified }, body: "version two" };
    },
  });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir);
    tagged = true;
    const report = (await runPage(url, outDir)).tasks[0];
    assertEquals([report.fetch?.status, report.fetch?.attempts], [200, 2]);
    assertEquals(await Deno.readTextFile(`${outDir}/page.html`), "version two");
    assertEquals((await readState(outDir))[url].etag, '"e2"');
  });
});

Deno.test("a 304 naming the ETag sent (compared weakly), or no validator, keeps the file; a new Last-Modified beside the ETag is recorded", async () => {
  const resource: Resource = {
    body: "same",
    etag: '"a"',
    lastModified: "Mon, 01 Jan 2024 00:00:00 GMT",
    notModifiedHeaders: { ETag: 'W/"a"', "Last-Modified": "Tue, 02 Jan 2024 00:00:00 GMT" },
  };
  let bare = false;
  const answer = serve(resource);
  await using server = startRouteServer({
    "/page": (request) => {
      const response = answer(request);
      return bare && response.status === 304 ? { status: 304 } : response;
    },
  });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir);
    const second = (await runPage(url, outDir)).tasks[0];
    assertEquals([second.fetch?.unchanged, second.fetch?.attempts], [true, 1]);
    const entry = (await readState(outDir))[url];
    // No digest: none was asked for (`sha256: true`), nor needed by a checksum or the path.
    assertEquals(entry, {
      etag: 'W/"a"',
      lastModified: "Tue, 02 Jan 2024 00:00:00 GMT",
      savedPath: "page.html",
      bytes: 4,
      savedAtMs: entry.savedAtMs,
    });
    resource.etag = 'W/"a"';
    bare = true;
    const third = (await runPage(url, outDir)).tasks[0];
    assertEquals([third.fetch?.unchanged, third.fetch?.attempts], [true, 1]);
  });
});

Deno.test("a 304 that names a Content-Encoding still counts as unchanged", async () => {
  const resource: Resource = {
    body: "plain",
    etag: '"z"',
    notModifiedHeaders: { "Content-Encoding": "gzip" },
  };
  await using server = startRouteServer({ "/page": serve(resource) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir);
    const second = (await runPage(url, outDir)).tasks[0];
    assertEquals([second.outcome, second.fetch?.unchanged], ["done", true]);
    assertEquals(await Deno.readTextFile(`${outDir}/page.html`), "plain");
  });
});

Deno.test("a state file another process holds locked: the run says it waits for the lock, then saves", async () => {
  const resource: Resource = { body: "one", etag: '"v1"' };
  await using server = startRouteServer({ "/page": serve(resource) });
  const url = server.url("/page");
  await withOutDir(async (outDir) => {
    await runPage(url, outDir);
    resource.etag = '"v2"'; // a new entry to save
    // Before, the run waited at its end without a word for as long as the lock was held.
    const holder = await Deno.open(`${outDir}/${STATE}`, { read: true, write: true });
    await holder.lock(true);
    let held = true;
    const warnings: string[] = [];
    try {
      const report = await runPage(url, outDir, {
        onEvent: (event) => {
          if (event.type !== "warning") return;
          warnings.push(event.message);
          if (held) holder.close(); // and with it the lock
          held = false;
        },
      });
      assertEquals(report.tasks[0].outcome, "done");
    } finally {
      if (held) holder.close();
    }
    assertEquals(warnings, [
      `Waiting for the lock on the state file "${outDir}/${STATE}": another process holds it ` +
      "(the run's files are saved; its state is, once the lock is free)",
    ]);
    assertEquals((await readState(outDir))[url].etag, '"v2"');
  });
});
