/**
 * `{filename}`: a download saved under the name its server gives in `Content-Disposition` (as
 * `wget --content-disposition` and `curl -J` do), else the last segment of the URL it came from.
 * The server chooses that name, so it never leaves the output directory nor makes a folder, and
 * two fetches given one name never replace each other's file.
 */
import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { type ConfigInput, createVirtualClock, defineConfig, fetchTask, run } from "../mod.ts";
import { type ResponseSpec, startRouteServer } from "./fixtures/route_server.ts";
import { partialPathFor } from "../lib/sinks/partial_file.ts";
import { fnv1a } from "../lib/sinks/cut_name.ts";
import { bareRangeAnswers, bodyOf } from "./fixtures/range_server.ts";
import {
  type RecordedRequest,
  type Script,
  startScriptedServer,
} from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

/** Every file under `dir`, as paths relative to it, folders left out. */
async function filesUnder(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    const path = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory) files.push(...await filesUnder(dir, path));
    else files.push(path);
  }
  return files.sort();
}

const withDir = withTempDir("corun-filename-");

function disposition(value: string, body: string): ResponseSpec {
  return { headers: { "Content-Disposition": value }, body };
}

async function metadataLines(path: string): Promise<Record<string, unknown>[]> {
  const text = await Deno.readTextFile(path);
  return text.trim().split("\n").map((line) => JSON.parse(line));
}

Deno.test("{filename} saves each download under the name its server gives, made safe, else the URL's last segment", async () => {
  const long = `${"n".repeat(396)}.pdf`;
  await using server = startRouteServer({
    "/plain": disposition("attachment; filename=plain.txt", "plain"),
    "/quoted": disposition('inline; FILENAME="year \\"24\\" report.csv"', "quoted"),
    "/extended": disposition(
      "attachment; filename=\"fallback.txt\"; filename*=UTF-8''na%C3%AFve%20file.txt",
      "extended",
    ),
    "/utf8": disposition('attachment; filename="résumé.txt"', "utf8"),
    "/hostile": disposition('attachment; filename="../../etc/passwd"', "hostile"),
    "/backslashes": disposition('attachment; filename="..\\\\..\\\\x.exe"', "backslashes"),
    "/controls": disposition("attachment; filename*=UTF-8''a%00b%07c%1B%0A%E2%80%AE.txt", "ctl"),
    "/device": disposition('attachment; filename="NUL.txt"', "device"),
    "/long": disposition(`attachment; filename="${long}"`, "long"),
    "/dots": disposition('attachment; filename=".."', "dots"),
    "/empty": disposition('attachment; filename=""', "empty"),
    "/files/report%20v2.bin": { body: "no header" },
    "/files/": { body: "folder" },
    "/moved": { status: 302, headers: { Location: "/new/target.zip" } },
    "/new/target.zip": { body: "redirected" },
  });
  await withDir(async (dir) => {
    const paths = [
      "/plain",
      "/quoted",
      "/extended",
      "/utf8",
      "/hostile",
      "/backslashes",
      "/controls",
      "/device",
      "/long",
      "/dots",
      "/empty",
      "/files/report%20v2.bin",
      "/files/",
      "/moved",
    ];
    await Deno.writeTextFile(
      `${dir}/urls.txt`,
      paths.map((path) => server.url(path)).join("\n") + "\n",
    );
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        tasks: [fetchTask("dl", { urls: `${dir}/urls.txt` }, { save: "dl/{filename}" })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    // Cut before its extension, with a hash of the whole: 186 bytes, "~", 8 hex digits, ".pdf".
    const shortened = `${"n".repeat(199 - 9 - 4)}~${fnv1a(long)}.pdf`;
    // Nothing outside out/, no folder but dl/.
    assertEquals(await filesUnder(dir), [
      "out/corun.jsonl",
      "out/dl/_NUL.txt",
      "out/dl/a_b_c__.txt",
      "out/dl/dots",
      "out/dl/empty",
      "out/dl/index",
      "out/dl/naïve file.txt",
      `out/dl/${shortened}`,
      "out/dl/passwd",
      "out/dl/plain.txt",
      "out/dl/report v2.bin",
      "out/dl/résumé.txt",
      "out/dl/target.zip",
      "out/dl/x.exe",
      "out/dl/year _24_ report.csv",
      "urls.txt",
    ]);
    assertEquals(await Deno.readTextFile(`${dir}/out/dl/passwd`), "hostile");
    assertEquals(await Deno.readTextFile(`${dir}/out/dl/naïve file.txt`), "extended");
    assertEquals(await Deno.readTextFile(`${dir}/out/dl/${shortened}`), "long");
    assertEquals(await Deno.readTextFile(`${dir}/out/dl/target.zip`), "redirected");
    const saved = (await metadataLines(`${dir}/out/corun.jsonl`))
      .map((line): [string, unknown] => [new URL(line.url as string).pathname, line.savedPath]);
    assertEquals(new Map(saved).get("/moved"), "dl/target.zip");
  });
});

Deno.test("two fetches given one {filename} do not replace each other: the second fails with SAVE_COLLISION, the first file stays", async (t) => {
  await using server = startRouteServer({
    "/one": disposition('attachment; filename="same.txt"', "first body"),
    "/two": disposition("attachment; filename*=UTF-8''same.txt", "second body"),
  });
  await t.step("of one task", async () => {
    await withDir(async (dir) => {
      await Deno.writeTextFile(
        `${dir}/urls.txt`,
        `${server.url("/one?id=1")}\n${server.url("/two?id=2")}\n`,
      );
      const report = await run(
        defineConfig({
          outDir: dir,
          concurrency: 1,
          tasks: [fetchTask("dl", { urls: `${dir}/urls.txt` }, { save: "{filename}" })],
        }),
        { state: false },
      );
      assertEquals(report.tasks[0].items?.failed, 1);
      assertEquals(await Deno.readTextFile(`${dir}/same.txt`), "first body");
      const failed = (await metadataLines(`${dir}/corun.jsonl`)).filter((line) => line.error);
      assertEquals(failed.length, 1);
      const error = failed[0].error as { code: string; message: string };
      assertEquals([failed[0].url, error.code], [server.url("/two?id=2"), "SAVE_COLLISION"]);
      assertMatch(
        error.message,
        /^Cannot save "same.txt" for task "dl": the fetch of .*\/one\?id=1/,
      );
      assertMatch(error.message, /\{filename\}/);
    });
  });
  await t.step("of two tasks", async () => {
    await withDir(async (dir) => {
      const report = await run(
        defineConfig({
          outDir: dir,
          concurrency: 1,
          tasks: [
            fetchTask("first", server.url("/one"), { save: "{filename}" }),
            fetchTask("second", server.url("/two"), { save: "{filename}", after: ["first"] }),
          ],
        }),
        { state: false },
      );
      assertEquals(report.tasks.map((task) => [task.outcome, task.error?.code]), [
        ["done", undefined],
        ["failed", "SAVE_COLLISION"],
      ]);
      assertEquals(await Deno.readTextFile(`${dir}/same.txt`), "first body");
    });
  });
});

Deno.test("a library run never lets a server's {filename} take the run history's name: the command line may keep it there", async () => {
  await using server = startRouteServer({
    "/dl": disposition('attachment; filename=".corun-history.jsonl"', "NOT A HISTORY"),
  });
  await withDir(async (dir) => {
    const report = await run(
      defineConfig({
        outDir: dir,
        tasks: [fetchTask("dl", server.url("/dl"), { save: "{filename}" })],
      }),
      { state: false },
    );
    assertEquals(report.tasks[0].error?.code, "SAVE_COLLISION");
    assertMatch(report.tasks[0].error!.message, /it is corun's run history/);
    assertEquals(await filesUnder(dir), ["corun.jsonl"]);
  });
});

Deno.test("a {filename} save is kept on a 304 the next run, and fetched anew under its new name when it changes", async () => {
  let version = 1;
  await using server = startRouteServer({
    "/latest": (request): ResponseSpec => {
      const etag = `"v${version}"`;
      if (request.headers.get("if-none-match") === etag) {
        return { status: 304, headers: { ETag: etag } };
      }
      return {
        headers: {
          ETag: etag,
          "Content-Disposition": `attachment; filename=report-v${version}.pdf`,
        },
        body: `version ${version}`,
      };
    },
  });
  await withDir(async (dir) => {
    const config = defineConfig({
      outDir: dir,
      tasks: [fetchTask("report", server.url("/latest"), { save: "reports/{filename}" })],
    });
    const first = (await run(config)).tasks[0];
    assertEquals(first.fetch?.savedPath, "reports/report-v1.pdf");
    const second = (await run(config)).tasks[0];
    assertEquals(server.requests[1].headers.get("if-none-match"), '"v1"');
    assertEquals([second.fetch?.status, second.fetch?.unchanged, second.fetch?.savedPath], [
      304,
      true,
      "reports/report-v1.pdf",
    ]);
    version = 2;
    const third = (await run(config)).tasks[0];
    assertEquals([third.fetch?.status, third.fetch?.savedPath], [200, "reports/report-v2.pdf"]);
    assertEquals(await Deno.readTextFile(`${dir}/reports/report-v2.pdf`), "version 2");
  });
});

const ISO = bodyOf(1024 * 1024, 23);
const CUT = 300_000;

/**
 * A 200 named `debian.iso` by its Content-Disposition that breaks off at CUT (while `cut()` says
 * so); a Range gets a 206 of the rest that names no file.
 */
function serveIso(
  cut: () => boolean,
  nameOf: (request: RecordedRequest) => string = () => "debian.iso",
): (request: RecordedRequest) => Script {
  return bareRangeAnswers(
    ISO,
    CUT,
    cut,
    (request) => `Content-Disposition: attachment; filename="${nameOf(request)}"\r\n`,
  );
}

function runIn(outDir: string, config: Omit<ConfigInput, "outDir">) {
  return run(defineConfig({ ...config, outDir }), {
    clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }),
    state: false,
  });
}

Deno.test("a {filename} download continued by a 206 that names no file is saved under its first response's name", async (t) => {
  await t.step("within a run", async () => {
    let cut = true;
    await using server = startScriptedServer({
      respond: serveIso(() => {
        const now = cut;
        cut = false;
        return now;
      }),
    });
    await withDir(async (dir) => {
      const report = await runIn(dir, {
        tasks: [{ name: "iso", fetch: server.url("/get?id=7"), save: "{filename}", retries: 1 }],
      });
      assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
      assertEquals(server.requests.map((request) => request.headers.get("range")), [
        null,
        `bytes=${CUT}-`,
      ]);
      assertEquals(await filesUnder(dir), ["corun.jsonl", "debian.iso"]);
      assertEquals(await Deno.readFile(`${dir}/debian.iso`), ISO);
    });
  });

  await t.step("across runs (resume: true)", async () => {
    let cut = true;
    await using server = startScriptedServer({ respond: serveIso(() => cut) });
    await withDir(async (dir) => {
      const config = {
        defaults: { resume: true },
        tasks: [{ name: "iso", fetch: server.url("/get?id=7"), save: "{filename}", retries: 0 }],
      };
      assertEquals((await runIn(dir, config)).tasks[0].outcome, "failed");
      const kept = (await filesUnder(dir)).filter((name) => name.includes("corun-partial"));
      // Named before the response names the file: after the URL's last segment, and the URL.
      const partial = partialPathFor("get", server.url("/get?id=7"));
      assertEquals(kept, [partial, `${partial}.json`]);
      const record = JSON.parse(await Deno.readTextFile(`${dir}/${partial}.json`));
      assertEquals(record.fileName, "debian.iso");
      cut = false;
      const second = await runIn(dir, config);
      assertEquals(second.tasks[0].outcome, "done", second.tasks[0].error?.message);
      assertEquals(server.requests.at(-1)!.headers.get("range"), `bytes=${CUT}-`);
      const files = (await filesUnder(dir)).filter((name) => !name.startsWith(".corun/"));
      assertEquals(files, ["corun.jsonl", "debian.iso"]);
      assertEquals(await Deno.readFile(`${dir}/debian.iso`), ISO);
    });
  });
});

Deno.test("{filename} downloads of one script's URLs (get?id=1, get?id=2) keep a partial each across runs, and both continue", async () => {
  let cut = true;
  await using server = startScriptedServer({
    respond: serveIso(() => cut, (request) => `disk-${request.path.slice(-1)}.iso`),
  });
  await withDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/urls.txt`,
      `${server.url("/get?id=1")}\n${server.url("/get?id=2")}\n`,
    );
    const config = {
      concurrency: 1,
      defaults: { resume: true },
      tasks: [{
        name: "iso",
        fetch: { urls: `${dir}/urls.txt` },
        save: "{filename}",
        retries: 0,
      }],
    };
    assertEquals((await runIn(`${dir}/out`, config)).tasks[0].items?.failed, 2);
    cut = false;
    const before = server.requests.length;
    const second = await runIn(`${dir}/out`, config);
    assertEquals(second.tasks[0].outcome, "done", second.tasks[0].error?.message);
    const asked = server.requests.slice(before)
      .map((request) => `${request.path} ${request.headers.get("range")}`).sort();
    assertEquals(asked, [`/get?id=1 bytes=${CUT}-`, `/get?id=2 bytes=${CUT}-`]);
    assertEquals(await Deno.readFile(`${dir}/out/disk-1.iso`), ISO);
    assertEquals(await Deno.readFile(`${dir}/out/disk-2.iso`), ISO);
  });
});
