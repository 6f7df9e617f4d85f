// The YAML a reader copies from the README and docs/SCHEDULING.md must load as written. Most blocks
// are fragments of a config (a task item, an `origins:` map): each is completed the way the text
// around it says it goes, and nothing in it is changed but an elided value (`…`).
import { assert, assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig } from "../mod.ts";
import { MOD, runDeno } from "./fixtures/run_deno.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const ROOT = new URL("../", import.meta.url);
const DOCS = ["README.md", "docs/SCHEDULING.md"];
const usingTempDir = withTempDir("corun-readme-configs-");

interface YamlBlock {
  doc: string;
  line: number;
  text: string;
}

function yamlBlocks(doc: string, text: string): YamlBlock[] {
  const blocks: YamlBlock[] = [];
  for (const match of text.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, match.index).split("\n").length + 1;
    blocks.push({ doc, line, text: match[1] });
  }
  return blocks;
}

/** A block whose lines offer alternatives (`# or`) is one config per alternative. */
function alternatives(text: string): string[] {
  return text.split(/^# or\n/m);
}

/** What a reader would add around a fragment to make it a config of its own. */
function completed(fragment: string): string {
  // Elided digests and ids: a checksum written `sha256:4f1c…` stands for a whole one.
  const text = fragment.replace(
    /\bsha256:([0-9a-f]*)…/g,
    (_, start: string) => `sha256:${start.padEnd(64, "0")}`,
  );
  if (/^- /m.test(text) && !/^tasks:/m.test(text)) {
    return `tasks:\n${text.replace(/^/gm, "  ")}`;
  }
  if (!/^tasks:/m.test(text)) return `${text}tasks:\n  - { name: filler, sleep: 1s }\n`;
  return text;
}

Deno.test("every YAML block of the README and docs/SCHEDULING.md loads as a config", async () => {
  const blocks: YamlBlock[] = [];
  for (const doc of DOCS) {
    blocks.push(...yamlBlocks(doc, await Deno.readTextFile(new URL(doc, ROOT))));
  }
  assert(blocks.length >= 10, `found only ${blocks.length} YAML blocks`);
  await usingTempDir(async (dir) => {
    // The list files the README's list examples name.
    Deno.writeTextFileSync(`${dir}/urls.txt`, "https://example.org/a.html\n");
    Deno.writeTextFileSync(`${dir}/new.txt`, "");
    // The credentials its example of { env } and { file } reads, as a reader would set them.
    Deno.mkdirSync(`${dir}/secrets`);
    Deno.writeTextFileSync(`${dir}/secrets/api-key`, "k3y\n");
    Deno.env.set("REPORT_TOKEN", "t0k3n");
    let loaded = 0;
    try {
      for (const block of blocks) {
        for (const [index, text] of alternatives(block.text).entries()) {
          const file = `${dir}/block-${block.line}-${index}.yaml`;
          Deno.writeTextFileSync(file, completed(text));
          try {
            const spec = await loadConfig(file);
            assert(spec.tasks.length > 0);
            loaded++;
          } catch (error) {
            throw new Error(`${block.doc}:${block.line}: ${(error as Error).message}`);
          }
        }
      }
    } finally {
      Deno.env.delete("REPORT_TOKEN");
    }
    assert(loaded > blocks.length, "no block offered alternatives");
  });
});

Deno.test("the README's config tour means what tasks/example.yaml means", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const tour = yamlBlocks("README.md", readme).find((block) =>
    block.text.startsWith("# tasks/example.yaml")
  );
  if (tour === undefined) throw new Error("the README shows no tasks/example.yaml");
  await usingTempDir(async (dir) => {
    // Its outDir is relative to tasks/, as the file's is.
    Deno.mkdirSync(`${dir}/tasks`);
    Deno.writeTextFileSync(`${dir}/tasks/example.yaml`, tour.text);
    const { source: _a, outDir: _b, ...shown } = await loadConfig(`${dir}/tasks/example.yaml`);
    const file = decodeURIComponent(new URL("tasks/example.yaml", ROOT).pathname);
    const { source: _c, outDir: _d, ...real } = await loadConfig(file);
    assertEquals(shown, real);
  });
});

Deno.test("the README's TypeScript config type-checks and passes `check` as written", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const configs = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
    .map((match) => match[1])
    .filter((code) => code.includes("export default defineConfig("));
  assert(configs.length >= 1, "the README shows no TypeScript config");
  await usingTempDir(async (dir) => {
    for (const [index, code] of configs.entries()) {
      const file = `${dir}/config_${index + 1}.ts`;
      Deno.writeTextFileSync(file, code.replaceAll('"./mod.ts"', JSON.stringify(MOD)));
      const checked = await runDeno(["check", "--quiet", file], { cwd: dir });
      assertEquals(checked.code, 0, checked.stderr);
      const ran = await runDeno(["run", "--allow-read", "--allow-env", file, "check"], {
        cwd: dir,
        stdin: "",
      });
      assertEquals(ran.code, 0, `${file}: ${ran.stdout}${ran.stderr}`);
      assertMatch(ran.stdout + ran.stderr, /4 tasks/);
    }
  });
});
