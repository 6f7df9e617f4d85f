/**
 * A download that broke off is saved under the name it would have had whole: a save template's
 * `{ext}` comes from the Content-Type its first bytes came with, not from the 206 that continued
 * them (servers often send a 206 without one, and `{ext}` would then fall back to the URL's).
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type ConfigInput, createVirtualClock, defineConfig, run, type RunReport } from "../mod.ts";
import { bareRangeAnswers, bodyOf } from "./fixtures/range_server.ts";
import {
  type RecordedRequest,
  type Script,
  startScriptedServer,
} from "./fixtures/scripted_server.ts";

const PDF = bodyOf(1024 * 1024, 17);
const CUT = 300_000;

/**
 * A 200 of `application/pdf` that breaks off at CUT (while `cut()` says so); a Range gets a 206
 * of the rest with no Content-Type.
 */
function servePdf(cut: () => boolean): (request: RecordedRequest) => Script {
  return bareRangeAnswers(PDF, CUT, cut, () => "Content-Type: application/pdf\r\n");
}

function runIn(outDir: string, config: Omit<ConfigInput, "outDir">): Promise<RunReport> {
  return run(defineConfig({ ...config, outDir }), {
    clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }),
    state: false,
  });
}

function savedFiles(outDir: string): string[] {
  return [...Deno.readDirSync(outDir)].map((entry) => entry.name)
    .filter((name) => name !== "corun.jsonl" && name !== ".corun").sort();
}

Deno.test("a body continued by a 206 without a Content-Type is saved under the {ext} of its first response", async (t) => {
  await t.step("within a run", async () => {
    let cut = true;
    await using server = startScriptedServer({
      respond: servePdf(() => {
        const now = cut;
        cut = false;
        return now;
      }),
    });
    const outDir = await Deno.makeTempDir({ prefix: "corun-resume-type-" });
    try {
      const report = await runIn(outDir, {
        tasks: [{ name: "doc", fetch: server.url("/download"), save: "doc.{ext}", retries: 1 }],
      });
      assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
      assertEquals(server.requests.map((request) => request.headers.get("range")), [
        null,
        `bytes=${CUT}-`,
      ]);
      assertEquals(savedFiles(outDir), ["doc.pdf"]);
      assertEquals(await Deno.readFile(`${outDir}/doc.pdf`), PDF);
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  });

  await t.step("across runs (resume: true)", async () => {
    let cut = true;
    await using server = startScriptedServer({ respond: servePdf(() => cut) });
    const outDir = await Deno.makeTempDir({ prefix: "corun-resume-type-" });
    try {
      const config = {
        defaults: { resume: true },
        tasks: [{ name: "doc", fetch: server.url("/download"), save: "doc.{ext}", retries: 0 }],
      };
      assertEquals((await runIn(outDir, config)).tasks[0].outcome, "failed");
      cut = false;
      const second = await runIn(outDir, config);
      assertEquals(second.tasks[0].outcome, "done", second.tasks[0].error?.message);
      assertEquals(server.requests.at(-1)!.headers.get("range"), `bytes=${CUT}-`);
      assertEquals(savedFiles(outDir), ["doc.pdf"]);
      assertEquals(await Deno.readFile(`${outDir}/doc.pdf`), PDF);
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  });
});
