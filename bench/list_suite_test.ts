import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parse as parseYaml } from "npm:deno-std@1.4.0/yaml/mod.js";
import {
  listConfigYaml,
  listLine,
  parseProcStatus,
  renderListTable,
  rssAtProgress,
  writeList,
} from "./list_suite.ts";

Deno.test("listLine() cycles over the small corpus, with a save path a thousand files a folder", () => {
  assertEquals(listLine(3, false), "http://127.0.0.1:18080/small/3.html\n");
  assertEquals(
    listLine(12_345, true),
    "http://127.0.0.1:18080/small/2345.html\tlist/12/12345.html\n",
  );
});

Deno.test("writeList() writes every line, across its megabyte pieces", async () => {
  const path = await Deno.makeTempFile({ prefix: "corun-list-test-" });
  try {
    await writeList(path, 30_000, false);
    const lines = (await Deno.readTextFile(path)).split("\n");
    assertEquals(lines.pop(), "");
    assertEquals(lines.length, 30_000);
    assertEquals(lines[29_999], "http://127.0.0.1:18080/small/9999.html");
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("listConfigYaml() is one task fetching the list file", () => {
  assertEquals(parseYaml(listConfigYaml("/tmp/l.txt", "/dev/shm/o", 64)), {
    outDir: "/dev/shm/o",
    concurrency: 64,
    perHost: 64,
    tasks: [{ name: "list", fetch: { urls: "/tmp/l.txt" } }],
  });
});

Deno.test("rssAtProgress() reads the first sample past each share of the log, the last one at the end", () => {
  const samples = [
    { atMs: 0, rssKiB: 50, logBytes: 0 },
    { atMs: 200, rssKiB: 60, logBytes: 100 },
    { atMs: 400, rssKiB: 70, logBytes: 600 },
    { atMs: 600, rssKiB: 65, logBytes: 950 },
    { atMs: 800, rssKiB: 80, logBytes: 990 },
  ];
  assertEquals(rssAtProgress(samples, 1000), [60, 70, 65, 80]);
  assertEquals(rssAtProgress(samples, 0), [undefined, undefined, undefined, 80]);
  assertEquals(rssAtProgress([], 1000), [undefined, undefined, undefined, undefined]);
});

Deno.test("parseProcStatus() reads VmRSS and VmHWM in KiB", () => {
  const status = "Name:\tdeno\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n";
  assertEquals(parseProcStatus(status), { rssKiB: 102_400, hwmKiB: 204_800 });
  assertEquals(parseProcStatus("Name:\tzombie\n"), { rssKiB: undefined, hwmKiB: undefined });
});

Deno.test("renderListTable() says the RSS at each point, the peak and fetches per second", () => {
  const table = renderListTable([{
    size: 1_000_000,
    save: false,
    wallSec: 80,
    exitCode: 0,
    lines: 1_000_000,
    rssAtKiB: [102_400, 104_448, undefined, 106_496],
    peakKiB: 110_592,
  }]);
  assertEquals(
    table.trim().split("\n")[2],
    "| 1,000,000 URLs, not saved | 80.0 | 12,500 | 100 MiB | 102 MiB | – | 104 MiB | 108 MiB | 1,000,000 | 0 |",
  );
});
