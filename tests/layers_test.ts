import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";

/** Lowest first: a layer may import only from layers before it (and itself). */
const LAYERS = ["loop", "net", "http", "sinks", "frontier", "tasks", "config", "schedule", "cli"];
const LIB = new URL("../lib/", import.meta.url);

async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* sourceFiles(url);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts")) yield url;
  }
}

Deno.test("every lib/ module imports only from its own layer or the layers below it", async () => {
  const violations: string[] = [];
  for await (const file of sourceFiles(LIB)) {
    const relative = file.href.slice(LIB.href.length);
    const layer = relative.split("/")[0];
    const rank = LAYERS.indexOf(layer);
    const text = await Deno.readTextFile(file);
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)) {
      const target = new URL(match[1], file).href;
      if (!target.startsWith(LIB.href)) continue;
      const targetLayer = target.slice(LIB.href.length).split("/")[0];
      if (LAYERS.indexOf(targetLayer) > rank) {
        violations.push(`${relative} imports ${targetLayer} ("${match[1]}")`);
      }
    }
  }
  assertEquals(violations, []);
});

Deno.test("external packages are imported only from a layer's deps.ts, by full specifier", async () => {
  const violations: string[] = [];
  for await (const file of sourceFiles(LIB)) {
    const relative = file.href.slice(LIB.href.length);
    const text = await Deno.readTextFile(file);
    for (const match of text.matchAll(/from\s*"((?:npm|jsr|https?):[^"]+)"/g)) {
      const isDeps = relative.endsWith("/deps.ts") || relative.endsWith("_deps.ts");
      if (!isDeps) violations.push(`${relative} imports ${match[1]}`);
      else if (match[1].startsWith("npm:") && !/@\d/.test(match[1])) {
        violations.push(`${relative} imports ${match[1]} without a version`);
      }
    }
  }
  assertEquals(violations, []);
});
