/**
 * The runtime's zlib (and the Node streams under it) costs start-up time on every run, so it is
 * loaded only when a body has a Content-Encoding to undo: nothing imports it statically.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";

const LAZY = ["node:zlib", "node:stream"];

interface GraphDependency {
  specifier: string;
  code?: { specifier: string };
  isDynamic?: boolean;
}

/** Every module `entry` loads before it runs: static code imports, followed; types and `import()` not. */
async function staticallyLoaded(entry: string): Promise<Set<string>> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: new URL("..", import.meta.url),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(output.success, new TextDecoder().decode(output.stderr));
  const graph = JSON.parse(new TextDecoder().decode(output.stdout)) as {
    roots: string[];
    modules: { specifier: string; dependencies?: GraphDependency[] }[];
  };
  const bySpecifier = new Map(graph.modules.map((module) => [module.specifier, module]));
  const loaded = new Set<string>();
  const pending = [...graph.roots];
  while (pending.length > 0) {
    const specifier = pending.pop()!;
    if (loaded.has(specifier)) continue;
    loaded.add(specifier);
    for (const dependency of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (dependency.code && !dependency.isDynamic) pending.push(dependency.code.specifier);
    }
  }
  return loaded;
}

Deno.test("lib/http and mod.ts load node:zlib and node:stream only when a body is decoded", async (t) => {
  for (const entry of ["lib/http/mod.ts", "mod.ts"]) {
    await t.step(entry, async () => {
      const loaded = await staticallyLoaded(entry);
      assert(loaded.has(new URL(`../lib/http/decoder.ts`, import.meta.url).href));
      assertEquals(LAZY.filter((specifier) => loaded.has(specifier)), []);
    });
  }
});
