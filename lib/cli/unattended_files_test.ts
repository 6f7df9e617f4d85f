import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { toFileUrl } from "npm:deno-std@1.4.0/path/mod.js";
import { validateConfig } from "../config/mod.ts";
import { configIdOf } from "../tasks/mod.ts";
import { runFilesOf, shownConfigOf } from "./unattended_files.ts";

Deno.test("a config is named the same in its outDir's files however its path was typed", () => {
  const dir = Deno.cwd();
  const config = (source: string) =>
    validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, source);
  const ids = ["a.yaml", "./a.yaml", `${dir}/a.yaml`, toFileUrl(`${dir}/a.yaml`).href].map((
    source,
  ) => runFilesOf(config(source)).configId);
  assertEquals(ids, ["../a.yaml", "../a.yaml", "../a.yaml", "../a.yaml"]);
  // With --out elsewhere, the path leads from there.
  assertEquals(runFilesOf(config("a.yaml"), "/srv/shared").configId, `../..${dir}/a.yaml`);
});

Deno.test("a config from a URL is named by its URL without what may carry a credential", () => {
  assertEquals(
    configIdOf("https://me:pw@x.org/c.yaml?token=s#a", "/srv/out"),
    "https://x.org/c.yaml",
  );
  assertEquals(shownConfigOf("https://x.org/c.yaml", "/srv/out"), "https://x.org/c.yaml");
  assertEquals(shownConfigOf("../tasks/a.yaml", "/srv/corun/out"), "/srv/corun/tasks/a.yaml");
});
