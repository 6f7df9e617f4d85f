// The README's Library API examples are what a library user copies first: each must type-check and
// run as written, with `./mod.ts` standing for the URL it is imported from.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const README = decodeURIComponent(new URL("../README.md", import.meta.url).pathname);
const usingTempDir = withTempDir("corun-readme-");

/** The TypeScript blocks of the README's "Library API" section, its subsections included. */
function libraryExamples(readme: string): string[] {
  const start = readme.indexOf("\n## Library API\n");
  assert(start >= 0, "the README has no Library API section");
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

Deno.test("the README's Library API examples type-check and run as written", async () => {
  const examples = libraryExamples(await Deno.readTextFile(README));
  assert(examples.length >= 3, `found only ${examples.length} examples`);
  await usingTempDir(async (dir) => {
    const files = examples.map((code, index) => {
      assert(code.includes(' from "./mod.ts";'), `example ${index + 1} does not import ./mod.ts`);
      const file = `${dir}/example_${index + 1}.ts`;
      Deno.writeTextFileSync(file, code.replaceAll('"./mod.ts"', JSON.stringify(MOD)));
      return file;
    });
    const checked = await runDeno(["check", "--quiet", ...files], { cwd: dir });
    assertEquals(checked.code, 0, checked.stderr);
    for (const file of files) {
      const ran = await runDeno(["run", "--allow-read", "--allow-write", "--allow-env", file], {
        cwd: dir,
        stdin: "",
      });
      assertEquals(ran.code, 0, `${file}: ${ran.stderr}`);
    }
  });
});
