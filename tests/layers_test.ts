import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { codeOf, LIB, sourceFiles } from "./fixtures/lib_sources.ts";

/** Lowest first: a layer may import only from layers before it (and itself). */
const LAYERS = ["loop", "net", "http", "sinks", "frontier", "tasks", "config", "schedule", "cli"];

/** Relative specifiers the module imports or re-exports. */
function relativeImports(text: string): string[] {
  return [...codeOf(text).matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)].map((match) =>
    match[1]
  );
}

/** Package specifiers (`npm:`, `jsr:`, URLs) the module imports or re-exports. */
function packageImports(text: string): string[] {
  return [...codeOf(text).matchAll(/from\s*"((?:npm|jsr|https?):[^"]+)"/g)].map((match) =>
    match[1]
  );
}

Deno.test("every lib/ module imports only from its own layer or the layers below it", async () => {
  const violations: string[] = [];
  for await (const file of sourceFiles(LIB)) {
    const relative = file.href.slice(LIB.href.length);
    const layer = relative.split("/")[0];
    const rank = LAYERS.indexOf(layer);
    const text = await Deno.readTextFile(file);
    for (const specifier of relativeImports(text)) {
      const target = new URL(specifier, file).href;
      if (!target.startsWith(LIB.href)) continue;
      const targetLayer = target.slice(LIB.href.length).split("/")[0];
      if (LAYERS.indexOf(targetLayer) > rank) {
        violations.push(`${relative} imports ${targetLayer} ("${specifier}")`);
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
    for (const specifier of packageImports(text)) {
      const isDeps = relative.endsWith("/deps.ts") || relative.endsWith("_deps.ts");
      if (!isDeps) violations.push(`${relative} imports ${specifier}`);
      else if (specifier.startsWith("npm:") && !/@\d/.test(specifier)) {
        violations.push(`${relative} imports ${specifier} without a version`);
      }
    }
  }
  assertEquals(violations, []);
});

Deno.test("a doc example's imports are not the module's; the module's own imports still count", () => {
  const module = [
    "/**",
    " * Doubles a number.",
    " * @example",
    " * ```ts",
    ' * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";',
    ' * import { double } from "../cli/mod.ts";',
    " * assertEquals(double(2), 4);",
    " * ```",
    " */",
    'import { parse } from "npm:yaml@2.8.1";',
    "import {",
    "  join,",
    '} from "jsr:@std/path@1";',
    'export { main } from "../cli/main.ts";',
    '// import { old } from "npm:old@1";',
    "export const double = (n: number): number => 2 * n;",
  ].join("\n");
  assertEquals(packageImports(module), ["npm:yaml@2.8.1", "jsr:@std/path@1"]);
  assertEquals(relativeImports(module), ["../cli/main.ts"]);
});
