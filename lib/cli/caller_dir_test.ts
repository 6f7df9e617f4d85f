import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { callerDirOf, type CallerDirProbe } from "./caller_dir.ts";

const PROJECT = "/home/me/project";

/** A file system holding the project's deno.json and the given directories. */
function probe(initCwd: string | undefined, dirs: string[], files = [`${PROJECT}/deno.json`]) {
  return {
    initCwd,
    cwd: PROJECT,
    isDirectory: (path) => dirs.includes(path),
    isFile: (path) => files.includes(path),
  } satisfies CallerDirProbe;
}

Deno.test("callerDirOf() trusts INIT_CWD only where a task runner found the project from it", async (t) => {
  const configs = `${PROJECT}/configs`;
  const cases: [string, CallerDirProbe, string | undefined][] = [
    ["a folder inside the project", probe(configs, [configs]), configs],
    ["written with a trailing slash and dots", probe(`${configs}/./`, [configs]), configs],
    [
      "package.json instead of deno.json",
      probe(configs, [configs], [`${PROJECT}/package.json`]),
      configs,
    ],
    ["unset", probe(undefined, [configs]), undefined],
    ["empty (turned off)", probe("", [configs]), undefined],
    ["relative", probe("configs", [configs]), undefined],
    ["the working directory itself", probe(PROJECT, [PROJECT]), undefined],
    ["a folder that does not exist", probe(configs, []), undefined],
    ["a folder outside the working directory", probe("/srv/other", ["/srv/other"]), undefined],
    ["a sibling that shares a prefix", probe(`${PROJECT}-old`, [`${PROJECT}-old`]), undefined],
    ["no project file where corun runs", probe(configs, [configs], []), undefined],
  ];
  for (const [name, input, expected] of cases) {
    await t.step(name, () => assertEquals(callerDirOf(input), expected));
  }
});
