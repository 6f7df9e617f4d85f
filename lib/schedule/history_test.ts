import { assert, assertEquals, assertRejects, equal } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfinementError } from "../sinks/mod.ts";
import {
  appendHistory,
  type DamagedHistoryLine,
  HISTORY_FILE_NAME,
  type HistoryEntry,
  type HistoryRun,
  isRunOfConfig,
  isUnfinished,
  MAX_LINE_BYTES,
  READ_CHUNK_BYTES,
  readHistory,
  runLinesAtMost,
  type UnfinishedRun,
} from "./history.ts";
import { noLocks } from "../../tests/fixtures/file_system_quirks.ts";
import { runDeno } from "../../tests/fixtures/run_deno.ts";

async function withTempDir(body: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun-history-" });
  try {
    await body(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A run's count of done tasks; NaN for a run without an end. */
function doneOf(run: HistoryRun): number {
  return isUnfinished(run) ? NaN : run.counts.done;
}

function entry(n: number, extra: Partial<HistoryEntry> = {}): HistoryEntry {
  const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
  return {
    startedAt: at,
    endedAt: at,
    exitCode: n % 3,
    counts: { done: n, "fällig ✓": 1 },
    ...extra,
  };
}

Deno.test("readHistory() returns the last runs, oldest first", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/out/${HISTORY_FILE_NAME}`;
    assertEquals(await readHistory(path, 5), []);
    for (let n = 1; n <= 3; n++) await appendHistory(path, entry(n));
    assertEquals(await readHistory(path, 2), [entry(2), entry(3)]);
    assertEquals(await readHistory(path), [entry(1), entry(2), entry(3)]);
    assertEquals(await readHistory(path, 0), []);
    const text = await Deno.readTextFile(path);
    assertEquals(text.split("\n").length, 4); // three lines, each ended by a newline
  });
});

Deno.test("a long history is read from its end across chunk boundaries", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    // Written in one go: 3000 lines of ~150 bytes, multi-byte characters across 64 KiB boundaries.
    const lines = Array.from({ length: 3000 }, (_, n) => JSON.stringify(entry(n)) + "\n");
    await Deno.writeTextFile(path, lines.join(""));
    const last = await readHistory(path, 1000);
    assertEquals(last.length, 1000);
    assertEquals(last[0], entry(2000));
    assertEquals(last[999], entry(2999));
    assertEquals((await readHistory(path)).length, 3000);
  });
});

Deno.test("a line torn by a crash is skipped and does not swallow the next one", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    await appendHistory(path, entry(1));
    await Deno.writeTextFile(path, '{"startedAt": "2026-01-01T00:0', { append: true });
    await appendHistory(path, entry(2));
    await Deno.writeTextFile(path, '{"not": "an entry"}\n\n', { append: true });
    assertEquals(await readHistory(path, 10), [entry(1), entry(2)]);
    assertEquals(await readHistory(path, 1), [entry(2)]);
  });
});

Deno.test("lines longer than MAX_LINE_BYTES are skipped, shorter long ones kept whole", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    // An entry at the cap spans many 64 KiB reads; one a byte over it is dropped unparsed.
    const padded = (n: number, lineBytes: number) => {
      const ascii = { counts: { done: n } }; // one byte a character: its length is its bytes
      const bare = JSON.stringify(entry(n, { ...ascii, skipped: "" }));
      const padded = entry(n, { ...ascii, skipped: "x".repeat(lineBytes - bare.length) });
      assertEquals(JSON.stringify(padded).length, lineBytes);
      return padded;
    };
    const doneCounts = (entries: HistoryRun[]) => entries.map(doneOf);
    const fits = padded(2, MAX_LINE_BYTES);
    const tooLong = padded(3, MAX_LINE_BYTES + 1);
    await appendHistory(path, entry(1));
    await appendHistory(path, fits);
    await appendHistory(path, tooLong);
    await appendHistory(path, entry(4));
    assertEquals((await Deno.stat(path)).size > 2 * MAX_LINE_BYTES, true);
    const all = await readHistory(path);
    assertEquals(doneCounts(all), [1, 2, 4]);
    assert(equal(all[1], fits)); // (no diff of a megabyte on failure)
    // A torn line without a newline, many MiB long, at the end of the file.
    await Deno.writeTextFile(path, "{".repeat(3 * MAX_LINE_BYTES), { append: true });
    assertEquals(doneCounts(await readHistory(path, 2)), [2, 4]);
  });
});

Deno.test("readHistory() leaves out hand-damaged lines and tells where each is and what is wrong", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    const good = JSON.stringify(entry(1));
    const damaged = [
      { ...entry(2), startedAt: "garbage" }, // would show as a duration of NaNm00NaNs
      { ...entry(3), exitCode: "1e400" }, // written bare below: JSON.parse reads Infinity
      { ...entry(4), task: { name: "blog" } }, // task [object Object]
      { ...entry(5), counts: { done: -1 } },
      { ...entry(6), fireAt: 3 }, // catchUp would read it as 1970
      { ...entry(7), endedAt: "1" }, // Date.parse reads the year 2001
    ];
    const lines = [good, ...damaged.map((line) => JSON.stringify(line)), "{torn", good]
      .map((line) => line.replace('"exitCode":"1e400"', '"exitCode":1e400'));
    // The last line has no newline yet: an append in progress, left out without a word.
    await Deno.writeTextFile(path, `${lines.join("\n")}\n{"startedAt": "2026`);
    const told: DamagedHistoryLine[] = [];
    const runs = await readHistory(path, Infinity, { onDamagedLine: (line) => told.push(line) });
    assertEquals(runs, [entry(1), entry(1)]);
    assertEquals(told, [
      { line: 2, problem: 'startedAt: expected an ISO 8601 time, got "garbage"' },
      { line: 3, problem: "exitCode: expected a whole number from 0 to 255, got Infinity" },
      { line: 4, problem: 'task: expected a string, got {"name":"blog"}' },
      { line: 5, problem: "counts.done: expected a whole number from 0, got -1" },
      { line: 6, problem: "fireAt: expected an ISO 8601 time, got 3" },
      { line: 7, problem: 'endedAt: expected an ISO 8601 time, got "1"' },
      { line: 8, problem: "not a JSON line (cut short by a crash, or edited by hand)" },
    ]);
    // Read from the end up to a limit, only the lines read are looked at.
    told.length = 0;
    assertEquals(await readHistory(path, 1, { onDamagedLine: (line) => told.push(line) }), [
      entry(1),
    ]);
    assertEquals(told, []);
  });
});

Deno.test("a run found lost is a line of its own: read back as it was written, its fields checked", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    const lost: UnfinishedRun = {
      runId: "20261125T100000123Z-3f9a1c2b",
      startedAt: "2026-11-25T10:00:00.123Z",
      pid: 4242,
      host: "web1",
      config: "../a.yaml",
      fireAt: "2026-11-25T10:00:00.000Z",
      unfinished: "lost",
    };
    await appendHistory(path, entry(1));
    await appendHistory(path, lost);
    const damaged = [
      { ...lost, unfinished: "running" }, // only a lost run is written
      { ...lost, pid: "4242" },
      { ...lost, runId: "run-1" },
      { ...lost, host: undefined },
    ];
    await Deno.writeTextFile(path, damaged.map((line) => `${JSON.stringify(line)}\n`).join(""), {
      append: true,
    });
    const told: DamagedHistoryLine[] = [];
    const runs = await readHistory(path, Infinity, { onDamagedLine: (line) => told.push(line) });
    assertEquals(runs, [entry(1), lost]);
    assertEquals(runs.map(isUnfinished), [false, true]);
    assertEquals(told, [
      { line: 3, problem: 'unfinished: expected "lost", got "running"' },
      { line: 4, problem: 'pid: expected a whole number from 0, got "4242"' },
      {
        line: 5,
        problem: 'runId: expected a run id such as "20261125T100000123Z-3f9a1c2b", got "run-1"',
      },
      { line: 6, problem: "host: expected a string, got nothing" },
    ]);
  });
});

Deno.test("a run found lost counts as a run of its schedule when the history is pruned", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    const lost = (n: number): UnfinishedRun => ({
      runId: `20260101T${String(n).padStart(6, "0")}000Z-0000000${n % 10}`,
      startedAt: entry(n).startedAt,
      pid: n,
      host: "web1",
      unfinished: "lost",
    });
    for (let n = 0; n < 40; n++) {
      await appendHistory(path, n % 4 === 0 ? lost(n) : entry(n), { keep: 5 });
    }
    const kept = await readHistory(path);
    assertEquals(kept.length <= 5 + 1, true, `${kept.length} kept`);
    assertEquals(kept.at(-4), lost(36));
  });
});

Deno.test("a file that is one torn line without any newline reads as no runs", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    await Deno.writeTextFile(path, JSON.stringify(entry(1)).slice(0, -1));
    assertEquals(await readHistory(path), []);
    await Deno.writeTextFile(path, JSON.stringify(entry(1)));
    assertEquals(await readHistory(path), [entry(1)]);
  });
});

Deno.test("appends made at once all arrive as whole lines", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    await Promise.all(Array.from({ length: 40 }, (_, n) => appendHistory(path, entry(n))));
    const entries = await readHistory(path);
    assertEquals(entries.length, 40);
    assertEquals(
      entries.map(doneOf).sort((a, b) => a - b),
      Array.from({ length: 40 }, (_, n) => n),
    );
  });
});

Deno.test("on a file system without flock, appendHistory() still records each run, and prunes", async () => {
  await withTempDir(async (dir) => {
    using _noLocks = noLocks();
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    for (let n = 0; n < 12; n++) await appendHistory(path, entry(n), { keep: 5 });
    assertEquals((await readHistory(path)).map(doneOf), [6, 7, 8, 9, 10, 11]);
  });
});

Deno.test("appendHistory() keeps the last `keep` runs of each schedule, by an atomic rewrite", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    await appendHistory(path, entry(0, { task: "weekly" }), { keep: 5 });
    for (let n = 1; n <= 40; n++) await appendHistory(path, entry(n), { keep: 5 });
    const kept = await readHistory(path);
    const daily = kept.filter((run) => run.task === undefined).map(doneOf);
    // Never more than keep plus a tenth (the file is not rewritten on every run), newest kept.
    assert(daily.length >= 5 && daily.length <= 6, String(daily));
    assertEquals(daily, Array.from({ length: daily.length }, (_, i) => 41 - daily.length + i));
    // A schedule that fires rarely keeps its runs: catch-up reads its last one.
    assertEquals(kept.filter((run) => run.task === "weekly"), [entry(0, { task: "weekly" })]);
    const names = [...Deno.readDirSync(dir)].map((item) => item.name);
    assertEquals(names, [HISTORY_FILE_NAME], "no temporary left behind");
  });
});

Deno.test("appendHistory() prunes only the appending config's runs when configs share the history", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    const ofA = (n: number) => entry(n, { config: "../a.yaml" });
    // A line from before lines named their config, then config b's only run (it keeps 1000).
    await appendHistory(path, entry(0));
    await appendHistory(path, entry(1, { config: "../b.yaml" }), { keep: 1000 });
    // Config a runs every minute and keeps 5.
    for (let n = 2; n <= 40; n++) await appendHistory(path, ofA(n), { keep: 5 });
    const kept = await readHistory(path);
    const runsOfA = kept.filter((run) => run.config === "../a.yaml").map(doneOf);
    assert(runsOfA.length >= 5 && runsOfA.length <= 6, String(runsOfA));
    assertEquals(runsOfA.at(-1), 40);
    // b's last run is not pushed out by a's; the line that names no config counted as a's (as it
    // would have before), and went as a's oldest.
    assertEquals(kept.filter((run) => run.config !== "../a.yaml"), [
      entry(1, { config: "../b.yaml" }),
    ]);
  });
});

Deno.test("isRunOfConfig() takes a config's own lines and those that name no config", () => {
  const lines = [entry(1), entry(2, { config: "../a.yaml" }), entry(3, { config: "../b.yaml" })];
  const done = (config: string | undefined) =>
    lines.filter((line) => isRunOfConfig(line, config)).map((line) => line.counts.done);
  assertEquals(done("../a.yaml"), [1, 2]);
  assertEquals(done("../c.yaml"), [1]);
  assertEquals(
    done(undefined),
    [1, 2, 3],
    "a config made in code, without a source, reads them all",
  );
});

Deno.test("runLinesAtMost() counts the lines that may be a config's runs, as isRunOfConfig takes them", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    // Configs whose names hold a quote and letters beyond ASCII; many lines, across read chunks.
    const configs = [undefined, "../a.yaml", '../b "2".yaml', "../ä.yaml", "../a.yaml.bak"];
    const runs = Array.from({ length: 3000 }, (_, n) => entry(n, { config: configs[n % 5] }));
    await Deno.writeTextFile(path, runs.map((run) => JSON.stringify(run) + "\n").join(""));
    for (const config of configs.slice(1)) {
      assertEquals(
        runLinesAtMost(path, config),
        runs.filter((run) => isRunOfConfig(run, config)).length,
        String(config),
      );
    }
    // Without a config, every line may be its run (a count of line ends, one over at most).
    assert(runLinesAtMost(path, undefined) >= runs.length);
    // A last line without its newline (an append in progress) counts when it may be the config's.
    await Deno.writeTextFile(path, JSON.stringify(entry(1, { config: "../a.yaml" })), {
      append: true,
    });
    assertEquals(runLinesAtMost(path, "../a.yaml"), 1201);
    assertEquals(runLinesAtMost(path, "../ä.yaml"), 1200);
  });
});

Deno.test("appendHistory() loses no line that another process appends while one prunes the file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    // Each process appends to a busy schedule (pruned on nearly every append, keep 2) and, in turn,
    // one line of a schedule of its own that is never pruned: every one of those must survive.
    const script = `
      import { appendHistory } from ${
      JSON.stringify(new URL("./history.ts", import.meta.url).href)
    };
      const [path, who] = Deno.args;
      const line = (task) => ({ startedAt: "2026-01-01T00:00:00.000Z", endedAt: "2026-01-01T00:00:00.000Z",
        exitCode: 0, counts: {}, ...(task ? { task } : {}) });
      for (let n = 0; n < 60; n++) {
        await appendHistory(path, line(), { keep: 2 });
        await appendHistory(path, line(who + "-" + n), { keep: 2 });
      }`;
    const writers = ["a", "b", "c", "d"].map((who) =>
      runDeno(["eval", "--ext=js", script, path, who], { cwd: dir })
    );
    for (const { code, stderr } of await Promise.all(writers)) {
      assertEquals(code, 0, stderr);
    }
    const kept = await readHistory(path);
    assertEquals(kept.filter((run) => run.task !== undefined).length, 4 * 60);
    assert(kept.filter((run) => run.task === undefined).length <= 3);
  });
});

Deno.test("readHistory() refuses a history that is a symbolic link, wherever it leads", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(`${dir}/out`);
    await appendHistory(`${dir}/elsewhere.jsonl`, entry(1));
    await Deno.symlink(`${dir}/elsewhere.jsonl`, `${dir}/out/${HISTORY_FILE_NAME}`);
    await assertRejects(() => readHistory(`${dir}/out/${HISTORY_FILE_NAME}`), ConfinementError);
    assertEquals(await readHistory(`${dir}/out/missing.jsonl`), []);
    assertEquals(await readHistory(`${dir}/no-such-dir/${HISTORY_FILE_NAME}`), []);
  });
});

/** Lines of runs of `config`, `bytes` long in all (UTF-8), the last one padded to fit. */
function linesOfBytes(bytes: number, config: string, from: number): string {
  const utf8 = (text: string) => new TextEncoder().encode(text).byteLength;
  const lines: string[] = [];
  let left = bytes;
  for (let n = from; left > 0; n++) {
    const line = `${JSON.stringify(entry(n, { config }))}\n`;
    if (left >= 2 * utf8(line)) {
      lines.push(line);
      left -= utf8(line);
      continue;
    }
    const bare = `${JSON.stringify(entry(n, { config, skipped: "" }))}\n`;
    lines.push(`${JSON.stringify(entry(n, { config, skipped: "x".repeat(left - utf8(bare)) }))}\n`);
    left = 0;
  }
  assertEquals(utf8(lines.join("")), bytes);
  return lines.join("");
}

Deno.test("readHistory() with a config returns that config's last runs, read past other configs' lines, as a full read would", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    assertEquals(await readHistory(path, 5, { config: "../a.yaml" }), [], "no file");
    await Deno.writeTextFile(path, "");
    assertEquals(await readHistory(path, 5, { config: "../a.yaml" }), [], "an empty file");
    // 6,000 lines (~1 MB, many 64 KiB reads): a's runs among many of b's, a few of c's, lines that
    // name no config (anyone's), CRLF line ends, damaged lines, and a torn last line of a's.
    const configs = [
      "../b.yaml",
      "../a.yaml",
      "../b.yaml",
      "../b.yaml",
      "../b.yaml",
      "../ä ✓.yaml",
    ];
    const lines = Array.from({ length: 6000 }, (_, n) => {
      if (n % 997 === 0) return '{"startedAt": "garbage"}\n';
      const config = n % 1013 === 0 ? undefined : n > 5000 ? "../b.yaml" : configs[n % 6];
      const run = JSON.stringify(entry(n, config === undefined ? {} : { config }));
      return n % 7 === 0 ? `${run}\r\n` : `${run}\n`;
    });
    const torn = JSON.stringify(entry(6000, { config: "../a.yaml" })).slice(0, -3);
    await Deno.writeTextFile(path, lines.join("") + torn);
    const all = await readHistory(path);
    for (const config of ["../a.yaml", "../ä ✓.yaml", "../c.yaml", undefined]) {
      const runs = all.filter((run) => isRunOfConfig(run, config));
      for (const limit of [1, 2, 20, 500, runs.length, Infinity]) {
        assertEquals(
          await readHistory(path, limit, { config }),
          runs.slice(-limit),
          `${config} ${limit}`,
        );
      }
    }
    // The line that names no config (5065) is among a's newest runs and is c's newest, which has
    // none of its own; a's own newest run lies before b's last 1,000 lines.
    const lastOfA = await readHistory(path, 2, { config: "../a.yaml" });
    assertEquals(lastOfA.map(doneOf), [4999, 5065]);
    const lastOfC = await readHistory(path, 2, { config: "../c.yaml" });
    assertEquals(lastOfC.map(doneOf), [4052, 5065]);
  });
});

Deno.test("readHistory() with a config reads a line across two reads whole, a character cut by the read boundary too", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    const config = "../a.yaml";
    const before = entry(1, { config });
    const across = entry(2, { config, task: "Grüße ✓ 😀 ok" });
    const text = `${JSON.stringify(across)}\n`;
    const bytes = new TextEncoder().encode(text);
    const utf8 = (part: string) => new TextEncoder().encode(part).byteLength;
    // Where the first read from the end starts, within the line: at its first byte, inside its
    // ASCII, between each byte of "ü" (2 bytes), "✓" (3) and "😀" (4), and at its newline.
    const at = (part: string) => utf8(text.slice(0, text.indexOf(part)));
    const cuts = [
      0,
      10,
      at("ü") + 1,
      at("✓") + 1,
      at("✓") + 2,
      ...[1, 2, 3].map((i) => at("😀") + i),
    ];
    cuts.push(bytes.byteLength - 1);
    for (const cut of cuts) {
      // Other configs' lines after it, so that the last READ_CHUNK_BYTES start `cut` bytes into it.
      const after = linesOfBytes(READ_CHUNK_BYTES - (bytes.byteLength - cut), "../b.yaml", 3);
      const history = `${JSON.stringify(before)}\n${text}${after}`;
      await Deno.writeTextFile(path, history);
      const size = utf8(history);
      assertEquals(size - READ_CHUNK_BYTES, utf8(`${JSON.stringify(before)}\n`) + cut);
      assertEquals(await readHistory(path, 1, { config }), [across], `cut at ${cut}`);
      assertEquals(await readHistory(path, 2, { config }), [before, across], `cut at ${cut}`);
    }
  });
});

Deno.test("readHistory() with a config leaves out a torn last line of that config's, unreported", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    const config = "../a.yaml";
    const ofA = (n: number) => entry(n, { config });
    const lines = [
      ofA(1),
      entry(2, { config: "../b.yaml" }),
      ofA(3),
      entry(4, { config: "../b.yaml" }),
    ];
    const torn = JSON.stringify(ofA(5)).slice(0, 40); // the process was killed mid-append
    await Deno.writeTextFile(
      path,
      lines.map((line) => `${JSON.stringify(line)}\n`).join("") + torn,
    );
    const told: DamagedHistoryLine[] = [];
    const onDamagedLine = (damage: DamagedHistoryLine) => told.push(damage);
    assertEquals(await readHistory(path, 1, { config, onDamagedLine }), [ofA(3)]);
    assertEquals(await readHistory(path, 5, { config, onDamagedLine }), [ofA(1), ofA(3)]);
    assertEquals(told, []);
  });
});

Deno.test("readHistory() up to a limit tells the damaged lines it read past, numbered from the file's start", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/${HISTORY_FILE_NAME}`;
    const config = "../a.yaml";
    // 3,000 lines of b's before a's runs (many reads to count), a damaged line among them (not read
    // up to a limit of 2), then a's runs with a damaged line between them.
    const lines = [
      ...Array.from({ length: 1500 }, (_, n) => JSON.stringify(entry(n, { config: "../b.yaml" }))),
      '{"startedAt": "2026-01-01T00:00:00.000Z", "exitCode": 3.5}',
      ...Array.from({ length: 1500 }, (_, n) => JSON.stringify(entry(n, { config: "../b.yaml" }))),
      JSON.stringify(entry(1, { config })),
      JSON.stringify(entry(2, { config })),
      "{torn by a crash",
      JSON.stringify(entry(3, { config })),
    ];
    await Deno.writeTextFile(path, lines.map((line) => `${line}\n`).join(""));
    const told: DamagedHistoryLine[] = [];
    const onDamagedLine = (damage: DamagedHistoryLine) => told.push(damage);
    const runs = await readHistory(path, 2, { config, onDamagedLine });
    assertEquals(runs, [entry(2, { config }), entry(3, { config })]);
    const notJson = "not a JSON line (cut short by a crash, or edited by hand)";
    assertEquals(told, [{ line: 3004, problem: notJson }]);
    // Read whole, every damaged line is told, with the same numbers.
    told.length = 0;
    assertEquals((await readHistory(path, Infinity, { config, onDamagedLine })).length, 3);
    assertEquals(told.map(({ line }) => line), [1501, 3004]);
  });
});
