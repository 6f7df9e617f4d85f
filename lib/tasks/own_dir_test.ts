import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfinedDir } from "../sinks/mod.ts";
import { createOwnTempSync, removeEmptyOwnDirs } from "./own_dir.ts";
import { withTempDirSync } from "../../tests/fixtures/temp_dir.ts";

const withOutDir = withTempDirSync("corun-own-dir-test-");

function namesIn(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
}

Deno.test("empty own folders go up to .corun/ and no further; one holding anything stays, with those above it", () => {
  withOutDir((outDir) => {
    const within = ConfinedDir.openSync(outDir);
    Deno.mkdirSync(`${outDir}/.corun/metadata/logs/a.jsonl`, { recursive: true });
    Deno.mkdirSync(`${outDir}/.corun/metadata/logs/b.jsonl`);
    Deno.mkdirSync(`${outDir}/empty`);
    removeEmptyOwnDirs(within, ".corun/metadata/logs/a.jsonl");
    assertEquals(namesIn(`${outDir}/.corun/metadata/logs`), ["b.jsonl"]);
    removeEmptyOwnDirs(within, ".corun/metadata/logs/b.jsonl");
    assertEquals(namesIn(outDir), ["empty"]);
    // A folder of the user's is none of corun's, empty or not.
    removeEmptyOwnDirs(within, "empty");
    assertEquals(namesIn(outDir), ["empty"]);
  });
});

Deno.test("a temporary is made again when another run's end removes its own folder as it is being made", () => {
  withOutDir((outDir) => {
    const within = ConfinedDir.openSync(outDir);
    Deno.mkdirSync(`${outDir}/.corun/metadata`, { recursive: true });
    // The other run's end removes the folders, empty, after this run stepped into them.
    const openSync = Deno.openSync;
    let removals = 0;
    Deno.openSync = (path: string | URL, options?: Deno.OpenOptions) => {
      if (options?.createNew && removals++ === 0) {
        Deno.removeSync(`${outDir}/.corun/metadata`);
        Deno.removeSync(`${outDir}/.corun`);
      }
      return openSync(path, options);
    };
    let temp;
    try {
      temp = createOwnTempSync(within, ".corun/metadata/a.unsaved");
    } finally {
      Deno.openSync = openSync;
    }
    temp.file.close();
    assertEquals([removals, namesIn(`${outDir}/.corun/metadata`).length], [2, 1]);
    within.removeTempSync(temp);
  });
});
