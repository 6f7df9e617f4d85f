/**
 * A disk that fills up under a streamed body (ENOSPC injected through the run's output directory,
 * in the shape the runtime raises it): with `resume: true` the named partial keeps exactly the
 * bytes the system confirmed written, its record still right, the error says where and how many,
 * and the next run asks only for the rest; without it, nothing half-written is left.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type ConfigInput, defineConfig, type RunReport } from "../mod.ts";
import { runWithHooks } from "../lib/config/mod.ts";
import type { TempFile } from "../lib/sinks/confined_dir.ts";
import { partialPathFor } from "../lib/sinks/partial_file.ts";
import { patchedOutputDir } from "./fixtures/failing_disk.ts";
import { type AskedRange, bodyOf, startRangeServer } from "./fixtures/range_server.ts";
import { savedFiles, withTempDir } from "./fixtures/temp_dir.ts";

const BODY = bodyOf(1024 * 1024, 3);
const NO_SPACE = "No space left on device (os error 28)";

function noSpace(): Error {
  return Object.assign(new Error(NO_SPACE), { code: "ENOSPC" });
}

/** How the filling disk behaves. */
interface Disk {
  /** Bytes the body's files may still take, together. */
  room: number;
  /** Cutting a file back fails too, once the disk is full. */
  truncateFails?: boolean;
  /** No room for a whole small file either: a partial's record. */
  recordFails?: boolean;
}

/**
 * A disk with room for `disk.room` more bytes of the files bodies stream to (named partials and
 * temporaries alike): a write takes what fits (a short write), the next one fails.
 */
function fillingDisk(disk: Disk) {
  const fill = (temp: TempFile): TempFile => {
    const { file } = temp;
    const writeSync = file.writeSync.bind(file);
    const truncateSync = file.truncateSync.bind(file);
    file.writeSync = (bytes) => {
      if (disk.room === 0) throw noSpace();
      const written = writeSync(bytes.subarray(0, Math.min(disk.room, bytes.byteLength)));
      disk.room -= written;
      return written;
    };
    file.truncateSync = (length) => {
      if (disk.truncateFails && disk.room === 0) throw noSpace();
      truncateSync(length);
    };
    return temp;
  };
  const FillingDir = patchedOutputDir((dir) => {
    const createTempSync = dir.createTempSync.bind(dir);
    const openTempSync = dir.openTempSync.bind(dir);
    dir.createTempSync = (path, mode) => fill(createTempSync(path, mode));
    if (disk.recordFails) {
      dir.createFilledTempSync = () => {
        throw noSpace();
      };
    }
    dir.openTempSync = (path, options) => {
      const temp = openTempSync(path, options);
      return temp && fill(temp);
    };
  });
  return { outputDir: (path: string) => new FillingDir(path) };
}

const withOutDir = withTempDir("corun-resume-write-error-");

function runIn(
  outDir: string,
  config: Omit<ConfigInput, "outDir">,
  disk?: Disk,
): Promise<RunReport> {
  return runWithHooks(defineConfig({ ...config, outDir }), {
    state: false,
    ...(disk ? { sinks: fillingDisk(disk) } : {}),
  });
}

const asked = (log: AskedRange[]) => log.map((entry) => [entry.range, entry.ifRange, entry.status]);

/** The partial a run keeps of `url` saved to isos/big.bin. */
const partialOf = (url: string) => partialPathFor("isos/big.bin", url);

/** The message of a save whose named partial kept `bytes` bytes. */
function keptMessage(url: string, bytes: number): string {
  return `Cannot save ${url} as "isos/big.bin": ${NO_SPACE}, writing "${
    partialOf(url)
  }"; the partial ` +
    `is kept with the ${bytes} bytes known written, and the next run continues from there`;
}

Deno.test("resume: true on a full disk keeps the partial as written, with its record; the next run asks for the rest", async () => {
  await using server = startRangeServer({ body: BODY });
  await withOutDir(async (outDir) => {
    const config = {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url(), save: "isos/big.bin", retries: 0 }],
    };
    const first = await runIn(outDir, config, { room: 300_000 });
    const [task] = first.tasks;
    assertEquals(task.outcome, "failed");
    assertEquals(task.error, { code: "ENOSPC", message: keptMessage(server.url(), 300_000) });
    const partial = partialOf(server.url());
    assertEquals(await savedFiles(outDir), [partial, `${partial}.json`]);
    assertEquals(await Deno.readFile(`${outDir}/${partial}`), BODY.subarray(0, 300_000));
    assertEquals(JSON.parse(await Deno.readTextFile(`${outDir}/${partial}.json`)), {
      url: server.url(),
      validator: '"v1"',
      contentType: "application/octet-stream",
      total: BODY.length,
    });

    const second = await runIn(outDir, config); // room again
    assertEquals(second.tasks[0].outcome, "done", second.tasks[0].error?.message);
    assertEquals(asked(server.log), [[null, null, 200], ["bytes=300000-", '"v1"', 206]]);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["isos/big.bin"]);
  });
});

Deno.test("resume: true on a disk that fills while a partial is continued keeps it grown by what was written", async () => {
  let cut = true;
  await using server = startRangeServer({
    body: BODY,
    cutAt: (i) => cut && i === 0 ? 300_000 : undefined,
  });
  await withOutDir(async (outDir) => {
    const config = {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url(), save: "isos/big.bin", retries: 0 }],
    };
    await runIn(outDir, config); // broken off at 300,000 bytes: kept
    cut = false;
    const second = await runIn(outDir, config, { room: 200_000 });
    assertEquals(second.tasks[0].error?.message, keptMessage(server.url(), 500_000));
    const partial = partialOf(server.url());
    assertEquals(await savedFiles(outDir), [partial, `${partial}.json`]);
    assertEquals(await Deno.readFile(`${outDir}/${partial}`), BODY.subarray(0, 500_000));

    const third = await runIn(outDir, config);
    assertEquals(third.tasks[0].outcome, "done", third.tasks[0].error?.message);
    assertEquals(server.log.map((entry) => entry.range), [null, "bytes=300000-", "bytes=500000-"]);
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
    assertEquals(await savedFiles(outDir), ["isos/big.bin"]);
  });
});

Deno.test("resume: true on a full disk where the partial cannot be cut back to what was written removes it and its record", async () => {
  await using server = startRangeServer({ body: BODY });
  await withOutDir(async (outDir) => {
    const config = {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url(), save: "isos/big.bin", retries: 0 }],
    };
    const first = await runIn(outDir, config, { room: 300_000, truncateFails: true });
    assertEquals(first.tasks[0].error, {
      code: "ENOSPC",
      message: `Cannot save ${server.url()} as "isos/big.bin": ${NO_SPACE}`,
    });
    assertEquals(await savedFiles(outDir), []);
    const second = await runIn(outDir, config);
    assertEquals(second.tasks[0].outcome, "done", second.tasks[0].error?.message);
    assertEquals(server.log.map((entry) => entry.range), [null, null]); // from byte 0
    assertEquals(await Deno.readFile(`${outDir}/isos/big.bin`), BODY);
  });
});

Deno.test("resume: true on a disk too full for the partial's record leaves neither, nor an open file", async () => {
  await using server = startRangeServer({ body: BODY });
  await withOutDir(async (outDir) => {
    const ran = await runIn(outDir, {
      defaults: { resume: true },
      tasks: [{ name: "big", fetch: server.url(), save: "isos/big.bin", retries: 0 }],
    }, { room: 0, recordFails: true });
    assertEquals(ran.tasks[0].error, {
      code: "ENOSPC",
      message: `Cannot save ${server.url()} as "isos/big.bin": ${NO_SPACE}`,
    });
    assertEquals(await savedFiles(outDir), []);
  });
});

Deno.test("without resume: true, a full disk leaves nothing half-written: the run's temporary is removed", async (t) => {
  await t.step("a fresh temporary", async () => {
    await using server = startRangeServer({ body: BODY });
    await withOutDir(async (outDir) => {
      const ran = await runIn(outDir, {
        tasks: [{ name: "big", fetch: server.url(), save: "isos/big.bin", retries: 0 }],
      }, { room: 300_000 });
      assertEquals(ran.tasks[0].error, {
        code: "ENOSPC",
        message: `Cannot save ${server.url()} as "isos/big.bin": ${NO_SPACE}`,
      });
      assertEquals(await savedFiles(outDir), []);
    });
  });
  await t.step("a kept temporary continued by a retry", async () => {
    await using server = startRangeServer({
      body: BODY,
      cutAt: (i) => i === 0 ? 300_000 : undefined,
    });
    await withOutDir(async (outDir) => {
      const ran = await runIn(outDir, {
        tasks: [{ name: "big", fetch: server.url(), save: "isos/big.bin", retries: 1 }],
      }, { room: 400_000 });
      assertEquals(server.log.map((entry) => entry.range), [null, "bytes=300000-"]);
      assertEquals(ran.tasks[0].error?.code, "ENOSPC");
      assertEquals(await savedFiles(outDir), []);
    });
  });
});
