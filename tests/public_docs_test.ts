/**
 * What a user reads in `deno doc` of mod.ts (or of its URL) and may copy: every value it exports
 * has an example, and the examples import corun by its package name, `@corun/corun`, never by a
 * path inside corun's sources (`./define.ts`, `../loop/mod.ts`) that a user's copy would not have.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { MOD, runDeno } from "./fixtures/run_deno.ts";

/** The parts of `deno doc --json` read here. */
interface DocNode {
  name: string;
  kind: string;
  jsDoc?: { tags?: { kind: string; doc?: string }[] };
  def?: { methods?: DocNode[]; properties?: DocNode[]; constructors?: DocNode[] };
}

/** A symbol mod.ts exports, with its declarations (a function's overloads are several). */
interface DocSymbol {
  name: string;
  declarations: DocNode[];
}

/** Kinds that are values a program uses (types and interfaces need no example). */
const VALUE_KINDS = new Set(["class", "function", "variable", "enum"]);

async function exportedSymbols(): Promise<DocSymbol[]> {
  const doc = await runDeno(["doc", "--json", MOD]);
  assertEquals([doc.code, doc.stderr], [0, ""]);
  const nodes: Record<string, { symbols: DocSymbol[] }> = JSON.parse(doc.stdout).nodes;
  return nodes[new URL(`file://${MOD}`).href].symbols;
}

function examplesOf(node: DocNode | undefined): string[] {
  return (node?.jsDoc?.tags ?? []).filter((tag) => tag.kind === "example").map((tag) =>
    tag.doc ?? ""
  );
}

Deno.test("the examples of mod.ts's exports import corun as @corun/corun, not by a path of its sources", async () => {
  const misplaced: string[] = [];
  for (const symbol of await exportedSymbols()) {
    for (const declaration of symbol.declarations) {
      const members = [
        ...declaration.def?.constructors ?? [],
        ...declaration.def?.methods ?? [],
        ...declaration.def?.properties ?? [],
      ];
      const documented: [string, DocNode | undefined][] = [
        [symbol.name, declaration],
        ...members.map((member): [string, DocNode] => [`${symbol.name}.${member.name}`, member]),
      ];
      for (const [name, node] of documented) {
        for (const example of examplesOf(node)) {
          for (const [, specifier] of example.matchAll(/from\s+"([^"]+)"/g)) {
            if (specifier.startsWith(".")) misplaced.push(`${name} imports "${specifier}"`);
          }
        }
      }
    }
  }
  assertEquals(misplaced, []);
});

Deno.test("every value mod.ts exports has an example", async () => {
  const without = (await exportedSymbols())
    .filter((symbol) => symbol.declarations.some((each) => VALUE_KINDS.has(each.kind)))
    .filter((symbol) => symbol.declarations.every((each) => examplesOf(each).length === 0))
    .map((symbol) => symbol.name);
  assertEquals(without, []);
});
