/**
 * Builds `dist/corun.js`: the command line bundled into one minified file.
 *
 *     deno task build              # rewrites dist/corun.js
 *     deno run -A dist/build.ts X  # writes the bundle to X instead
 *
 * Why a bundle: a run from `mod.ts` loads ~180 module files and compiles each one; the single file
 * starts faster and keeps ~7 MB less memory for the whole run (README, "Performance"). The bundle is
 * committed so that `deno task corun` needs no build step; its second line carries a digest of every
 * source it was built from, and `tests/dist_test.ts` fails when the sources have moved on.
 * @module
 */
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { VERSION } from "../lib/cli/version.ts";

/** The module the bundle is built from. */
export const ENTRY_URL: URL = new URL("../lib/cli/bin.ts", import.meta.url);
/** Where `deno task build` writes the bundle. */
export const BUNDLE_URL: URL = new URL("./corun.js", import.meta.url);

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIGEST_PREFIX = "// sources: sha256-";

interface ModuleGraph {
  modules: { specifier: string; kind: string }[];
  npmPackages?: Record<string, unknown>;
}

/**
 * Digests what a bundle of `ENTRY_URL` is made of: the path and bytes of every local module it can
 * load (dynamic imports included) and the exact version of every npm package.
 *
 * @returns The digest as hex.
 */
export async function sourceDigest(): Promise<string> {
  const stdout = await deno(["info", "--json", fileURLToPath(ENTRY_URL)], "list the modules of");
  const graph = JSON.parse(stdout) as ModuleGraph;
  const parts: string[] = [];
  for (const { specifier } of graph.modules) {
    if (!specifier.startsWith("file:")) continue;
    const path = fileURLToPath(specifier);
    parts.push(`${relative(ROOT, path)}\n${await Deno.readTextFile(path)}`);
  }
  parts.sort();
  parts.push(...Object.keys(graph.npmPackages ?? {}).sort());
  const bytes = new TextEncoder().encode(parts.join("\0"));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Reads the source digest a bundle was built from.
 *
 * @param bundleText The bundle's text.
 * @returns The digest, or undefined when the text has none.
 */
export function bundleDigest(bundleText: string): string | undefined {
  const line = bundleText.split("\n", 2)[1] ?? "";
  return line.startsWith(DIGEST_PREFIX) ? line.slice(DIGEST_PREFIX.length) : undefined;
}

/**
 * Bundles the command line with `deno bundle` and writes it, with its header, to `outPath`; the file
 * appears whole or not at all.
 *
 * @param outPath Where the bundle goes.
 */
export async function buildCli(outPath: string): Promise<void> {
  await Deno.mkdir(dirname(outPath), { recursive: true });
  // Ends in .js: deno bundle treats other names as other formats.
  const scratch = `${outPath}.${crypto.randomUUID()}.tmp.js`;
  try {
    const entry = fileURLToPath(ENTRY_URL);
    await deno(
      ["bundle", "--quiet", "--platform", "deno", "--minify", "-o", scratch, entry],
      "bundle",
    );
    const header =
      "// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.\n" +
      `${DIGEST_PREFIX}${await sourceDigest()}\n`;
    const code = await Deno.readTextFile(scratch);
    await Deno.writeTextFile(scratch, header + requireFor(code) + code);
    // The bundle must run: a bundler quirk must fail the build, not the next user.
    const version = (await deno(["run", "--quiet", scratch, "--version"], "run the bundle of"))
      .trim();
    if (version !== VERSION) {
      throw new Error(`Cannot bundle lib/cli/bin.ts: the bundle says version "${version}"`);
    }
    await Deno.rename(scratch, outPath);
  } finally {
    await Deno.remove(scratch).catch(() => {});
  }
}

/**
 * A module-level `require` for the CommonJS packages in the bundle (commander), when esbuild left its
 * fallback that looks for one: `deno bundle` swaps that fallback for Node's `createRequire`, but not
 * in every minified output.
 */
function requireFor(code: string): string {
  if (!code.includes("Dynamic require of")) return "";
  return 'import { createRequire as __corunCreateRequire } from "node:module";\n' +
    "const require = __corunCreateRequire(import.meta.url);\n";
}

/** Runs a `deno` subcommand on the entry and returns its standard output; `doing` names it in errors. */
async function deno(args: string[], doing: string): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  if (!output.success) {
    throw new Error(`Cannot ${doing} lib/cli/bin.ts: ${decoder.decode(output.stderr).trim()}`);
  }
  return decoder.decode(output.stdout);
}

if (import.meta.main) {
  const outPath = Deno.args[0] ?? fileURLToPath(BUNDLE_URL);
  await buildCli(outPath);
  console.log(`wrote ${outPath}`);
}
