/**
 * A resumed body is appended only when the server proved it is of the kept bytes' version: the
 * request names a strong validator in `If-Range` (a strong ETag, or a Last-Modified that RFC 9110
 * §8.8.2.2 lets count as strong: at least a minute before the response's Date), and the 206 names
 * that same validator back. Anything less and the fetch starts over from byte 0, saying why in the
 * retry's reason (the log line and the trace's attempt).
 */
import { assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  type ConfigInput,
  createVirtualClock,
  defineConfig,
  run,
  type RunEvent,
  type RunReport,
} from "../mod.ts";
import { bodyOf, startVersionServer } from "./fixtures/range_server.ts";
import type { ScriptedServer } from "./fixtures/scripted_server.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const OLD = bodyOf(1024 * 1024, 7);
const NEW = bodyOf(1024 * 1024, 8);
const CUT = 300_000;

const MODIFIED = "Tue, 01 Dec 2026 10:00:00 GMT";
/** A Date a day after MODIFIED: the Last-Modified is a strong validator. */
const DAY_LATER = "Wed, 02 Dec 2026 10:00:00 GMT";
/** A Date a day before MODIFIED: the file says it was modified after the response was made. */
const DAY_BEFORE = "Mon, 30 Nov 2026 10:00:00 GMT";
/** A Date ten seconds after MODIFIED: the file may have changed twice within MODIFIED's second. */
const SECONDS_LATER = "Tue, 01 Dec 2026 10:00:10 GMT";

interface Ran {
  report: RunReport;
  retries: string[];
}

async function runIn(outDir: string, config: Omit<ConfigInput, "outDir">): Promise<Ran> {
  const retries: string[] = [];
  const report = await run(defineConfig({ ...config, outDir }), {
    clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }),
    state: false,
    onEvent: (event: RunEvent) => {
      if (event.type === "retry") retries.push(event.reason);
    },
  });
  return { report, retries };
}

const withOutDir = withTempDir("corun-resume-validator-");

const asked = (server: ScriptedServer) =>
  server.requests.map((request) => [request.headers.get("range"), request.headers.get("if-range")]);

Deno.test("a Last-Modified that is not a strong validator is never an If-Range: the retry starts over from byte 0 and says why", async (t) => {
  const cases = [
    { label: "no Date to compare it with", date: "", why: "no Date" },
    {
      label: "a Date less than a minute after it",
      date: `Date: ${SECONDS_LATER}\r\n`,
      why: "less than a minute before its Date",
    },
    {
      label: "a Date a day before it: a clock, or a server, not to be trusted",
      date: `Date: ${DAY_BEFORE}\r\n`,
      why: "its Last-Modified is later than its Date",
    },
    {
      label: "a weak ETag beside it, and no Date",
      date: 'ETag: W/"w1"\r\n',
      why: "no Date",
    },
  ];
  for (const { label, date, why } of cases) {
    await t.step(label, async () => {
      // Were the second answer a 206, its bytes (another version's) would be glued on.
      await using server = startVersionServer((hit) =>
        hit === 0
          ? { body: OLD, headers: `Last-Modified: ${MODIFIED}\r\n${date}`, cutAt: CUT }
          : { body: NEW, headers: `Last-Modified: ${MODIFIED}\r\n${date}` }
      );
      await withOutDir(async (outDir) => {
        const { report, retries } = await runIn(outDir, {
          tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 1 }],
        });
        const [big] = report.tasks;
        assertEquals(big.outcome, "done", big.error?.message);
        assertEquals(asked(server), [[null, null], [null, null]]);
        assertEquals(await Deno.readFile(`${outDir}/big.bin`), NEW);
        assertEquals(retries.length, 1);
        assertStringIncludes(retries[0], "starts over from byte 0");
        assertStringIncludes(retries[0], why);
      });
    });
  }
});

Deno.test("a small body that breaks off starts over without blaming its validator: it would have anyway", async () => {
  // Up to 256 KiB a body is read whole, never continued: a strong validator would not change that.
  const small = OLD.subarray(0, 100_000);
  await using server = startVersionServer((hit) => ({
    body: small,
    headers: `Last-Modified: ${MODIFIED}\r\nDate: ${SECONDS_LATER}\r\n`,
    ...(hit === 0 ? { cutAt: 50_000 } : {}),
  }));
  await withOutDir(async (outDir) => {
    const { report, retries } = await runIn(outDir, {
      tasks: [{ name: "small", fetch: server.url("/small.bin"), save: "small.bin", retries: 1 }],
    });
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    assertEquals(retries.length, 1);
    assertEquals(retries[0].includes("starts over"), false, retries[0]);
    assertEquals(await Deno.readFile(`${outDir}/small.bin`), small);
  });
});

Deno.test("a Last-Modified a minute or more before the response's Date is the If-Range", async () => {
  await using server = startVersionServer((hit) => ({
    body: OLD,
    headers: `Last-Modified: ${MODIFIED}\r\nDate: ${DAY_LATER}\r\n`,
    cutAt: hit === 0 ? CUT : undefined,
  }));
  await withOutDir(async (outDir) => {
    const { report } = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 1 }],
    });
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    assertEquals(asked(server), [[null, null], [`bytes=${CUT}-`, MODIFIED]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), OLD);
  });
});

Deno.test("a 206 that names no validator is never glued to the kept bytes: the file is fetched whole", async (t) => {
  const cases = [
    {
      label: "the kept bytes came with an ETag",
      first: `ETag: "v1"\r\nDate: ${DAY_LATER}\r\n`,
      ifRange: '"v1"',
      why: "names no ETag",
    },
    {
      label: "the kept bytes came with a Last-Modified only",
      first: `Last-Modified: ${MODIFIED}\r\nDate: ${DAY_LATER}\r\n`,
      ifRange: MODIFIED,
      why: "names no Last-Modified",
    },
  ];
  for (const { label, first, ifRange, why } of cases) {
    await t.step(label, async () => {
      // A server that ignores If-Range, whose file changed, and whose 206 says nothing of which.
      await using server = startVersionServer((hit) =>
        hit === 0
          ? { body: OLD, headers: first, cutAt: CUT }
          : { body: NEW, headers: hit === 1 ? `Date: ${DAY_LATER}\r\n` : first }
      );
      await withOutDir(async (outDir) => {
        const { report, retries } = await runIn(outDir, {
          tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 2 }],
        });
        const [big] = report.tasks;
        assertEquals(big.outcome, "done", big.error?.message);
        assertEquals(asked(server), [[null, null], [`bytes=${CUT}-`, ifRange], [null, null]]);
        assertEquals(await Deno.readFile(`${outDir}/big.bin`), NEW);
        assertEquals(retries.length, 2);
        assertStringIncludes(retries[1], `asked for bytes=${CUT}-, but the 206 ${why}`);
        assertStringIncludes(retries[1], "the next attempt starts over");
      });
    });
  }
});

Deno.test("a 206 naming the kept bytes' Last-Modified but another ETag than theirs is refused", async () => {
  // The first response had a weak ETag beside its Last-Modified (the If-Range); the 206 names the
  // same date but another ETag: the server says it is another representation.
  await using server = startVersionServer((hit) =>
    hit === 0
      ? {
        body: OLD,
        headers: `ETag: W/"a"\r\nLast-Modified: ${MODIFIED}\r\nDate: ${DAY_LATER}\r\n`,
        cutAt: CUT,
      }
      : {
        body: NEW,
        headers: `ETag: W/"b"\r\nLast-Modified: ${MODIFIED}\r\nDate: ${DAY_LATER}\r\n`,
      }
  );
  await withOutDir(async (outDir) => {
    const { report, retries } = await runIn(outDir, {
      tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 2 }],
    });
    assertEquals(report.tasks[0].outcome, "done", report.tasks[0].error?.message);
    assertEquals(asked(server), [[null, null], [`bytes=${CUT}-`, MODIFIED], [null, null]]);
    assertEquals(await Deno.readFile(`${outDir}/big.bin`), NEW);
    assertStringIncludes(retries[1], 'its ETag is W/"b", the kept bytes came with W/"a"');
  });
});
