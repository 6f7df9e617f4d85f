/**
 * Builds `dist/cli/`: the command line bundled and minified, `corun.js` and the chunks it loads (the
 * parsers of each config format are chunks of their own, loaded only for their format).
 *
 *     deno task build              # rewrites dist/cli/
 *     deno run -A dist/build.ts X  # writes the bundle to folder X instead
 *
 * Why a bundle: a run from `mod.ts` loads ~180 module files and compiles each one; the bundle starts
 * faster and keeps ~8 MB less memory for the whole run (README, "Performance"). It is committed so
 * that `deno task corun` needs no build step; the second line of `corun.js` carries a digest of every
 * source it was built from, and `tests/dist_test.ts` fails when the sources have moved on.
 * @module
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { VERSION } from "../lib/cli/version.ts";

/** The module the bundle is built from. */
export const ENTRY_URL: URL = new URL("../lib/cli/bin.ts", import.meta.url);
/** Where `deno task build` writes the bundle. */
export const BUNDLE_DIR_URL: URL = new URL("./cli/", import.meta.url);
/** The bundle's entry point, the file to run. */
export const ENTRY_FILE = "corun.js";

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
  // This file too: how the bundle is made is part of what it is.
  const files = [fileURLToPath(import.meta.url)];
  for (const { specifier } of graph.modules) {
    if (specifier.startsWith("file:")) files.push(fileURLToPath(specifier));
  }
  for (const path of files) {
    // The same digest on every checkout: `/` separators, LF line endings.
    const name = relative(ROOT, path).replaceAll("\\", "/");
    parts.push(`${name}\n${(await Deno.readTextFile(path)).replaceAll("\r\n", "\n")}`);
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
 * Bundles the command line with `deno bundle` into the folder `outDir`, replacing what was there,
 * once the new bundle has shown that it runs.
 *
 * @param outDir Where the bundle goes (made or emptied).
 */
export async function buildCli(outDir: string): Promise<void> {
  const scratch = `${outDir.replace(/\/+$/, "")}.${crypto.randomUUID()}.tmp`;
  try {
    const entry = fileURLToPath(ENTRY_URL);
    await deno(
      [
        "bundle",
        "--quiet",
        "--platform",
        "deno",
        "--minify",
        "--code-splitting",
        "--outdir",
        scratch,
        entry,
      ],
      "bundle",
    );
    for (const { name } of Deno.readDirSync(scratch)) {
      const path = `${scratch}/${name}`;
      const code = await Deno.readTextFile(path);
      const header = name === "bin.js"
        ? "// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.\n" +
          `${DIGEST_PREFIX}${await sourceDigest()}\n`
        : "";
      await Deno.writeTextFile(path, header + requireFor(code) + dropUnusedBuiltins(code));
    }
    await Deno.rename(`${scratch}/bin.js`, `${scratch}/${ENTRY_FILE}`);
    await checkBundle(`${scratch}/${ENTRY_FILE}`);
    // Swap folders: the old bundle is moved aside, not deleted, until the new one is in place.
    const old = `${scratch}.old`;
    const hadOld = await Deno.rename(outDir, old).then(() => true, () => false);
    await Deno.rename(scratch, outDir);
    if (hadOld) await Deno.remove(old, { recursive: true });
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
}

/**
 * The bundle must run, and load the chunk of every config format: a bundler quirk must fail the
 * build, not the next user.
 */
async function checkBundle(entryPath: string): Promise<void> {
  const version = await deno(["run", "--quiet", entryPath, "--version"], "run");
  if (version.trim() !== VERSION) {
    throw new Error(`Cannot bundle lib/cli/bin.ts: the bundle says version "${version.trim()}"`);
  }
  for (const name of ["example.yaml", "example.json", "example.jsonc", "example.toml"]) {
    const config = fileURLToPath(new URL(`../tasks/${name}`, import.meta.url));
    await deno(
      ["run", "--quiet", "--allow-read", "--allow-env", entryPath, "check", config],
      "run",
    );
  }
}

/** Node built-ins that commander requires only to run executable subcommands, which corun has none of. */
const UNUSED_BY_COMMANDER = ["node:child_process", "node:fs"];

/**
 * In the chunk that holds commander, turns its requires of {@linkcode UNUSED_BY_COMMANDER} into an
 * object that says so if it is ever used. Deno's versions of those modules cost ~20 ms and ~3 MB at
 * every start.
 *
 * @param code A chunk of the bundle.
 * @returns The chunk, without those requires when it holds commander.
 */
export function dropUnusedBuiltins(code: string): string {
  if (!code.includes("CommanderError")) return code;
  // The chunk's require function: the one commander calls for node:events, which it does need.
  const events = /(?<![\w$.])([A-Za-z_$][\w$]*)\("node:events"\)/.exec(code);
  if (events === null || events[1] === "import") {
    throw new Error("Cannot bundle lib/cli/bin.ts: commander no longer requires node:events");
  }
  let result = code;
  for (const name of UNUSED_BY_COMMANDER) {
    const call = `${events[1]}("${name}")`;
    const parts = result.split(call);
    if (parts.length !== 2) {
      throw new Error(
        `Cannot bundle lib/cli/bin.ts: expected commander's one require of ${name}, found ${
          parts.length - 1
        }`,
      );
    }
    const message = `corun's bundle leaves out ${name}, which commander asked for: `;
    const standIn = `new Proxy({},{get(_,k){throw new Error(${
      JSON.stringify(message)
    }+String(k))}})`;
    result = parts.join(standIn);
  }
  return result;
}

/**
 * A module-level `require` for the CommonJS packages in the bundle (commander), when esbuild left its
 * fallback that looks for one: `deno bundle` swaps that fallback for Node's `createRequire`, but not
 * in every minified output. Any chunk may hold it.
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
  const outDir = Deno.args[0] ?? fileURLToPath(BUNDLE_DIR_URL);
  await buildCli(outDir);
  console.log(`wrote ${outDir}`);
}
