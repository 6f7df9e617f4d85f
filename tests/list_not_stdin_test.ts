/**
 * A URL list is read from a file: its start when the config loads, then all of it by the run. A
 * list given as `-` (standard input elsewhere: `corun run -`, `wget -i -`), or as a pipe or a
 * device (`/dev/stdin`, a FIFO), is a config error saying so, not "the file does not exist" or "it
 * is not a file".
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "../lib/config/mod.ts";
import { loadConfig } from "../lib/config/load.ts";

const FROM_FILES = "a URL list is read from a file, not from standard input or a pipe (the " +
  "config's check reads its start, the run all of it); write the list to a file and name it here";

/** The problems of a config of one task reading the list `urls`, in a folder `before` fills. */
async function issuesOf(urls: string, before?: (dir: string) => void): Promise<string[]> {
  const dir = await Deno.makeTempDir({ prefix: "corun-list-stdin-" });
  try {
    before?.(dir);
    await Deno.writeTextFile(`${dir}/c.yaml`, `tasks: [{ name: a, fetch: { urls: "${urls}" } }]\n`);
    await loadConfig(`${dir}/c.yaml`);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test('urls: "-" says a list is read from a file, not standard input; a file named "-" is read', async () => {
  assertEquals(await issuesOf("-"), [
    `tasks[0].fetch.urls: cannot use the URL list "-": ${FROM_FILES}`,
  ]);
  assertEquals(
    await issuesOf("-", (dir) => Deno.writeTextFileSync(`${dir}/-`, "https://x.org/a\n")),
    [],
  );
});

Deno.test("a list that is a pipe or a device says a list is read from a file", {
  ignore: Deno.build.os === "windows",
}, async () => {
  const fifo = (dir: string) => {
    new Deno.Command("mkfifo", { args: [`${dir}/urls.fifo`] }).outputSync();
  };
  assertEquals(await issuesOf("urls.fifo", fifo), [
    `tasks[0].fetch.urls: cannot use the URL list "urls.fifo": it is a pipe: ${FROM_FILES}`,
  ]);
  assertEquals(await issuesOf("/dev/null"), [
    `tasks[0].fetch.urls: cannot use the URL list "/dev/null": it is a terminal or a device: ${FROM_FILES}`,
  ]);
});
