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
    const shim = await commonJsShimChunk(scratch);
    for (const { name } of Deno.readDirSync(scratch)) {
      const path = `${scratch}/${name}`;
      const code = portableRequire(dropBareImport(await Deno.readTextFile(path), shim));
      const header = name === "bin.js"
        ? "// corun's command line, bundled from lib/cli/bin.ts by `deno task build`. Do not edit.\n" +
          `${DIGEST_PREFIX}${await sourceDigest()}\n`
        : "";
      await Deno.writeTextFile(path, header + code);
    }
    await Deno.rename(`${scratch}/bin.js`, `${scratch}/${ENTRY_FILE}`);
    await checkNoNodeAtStartup(scratch, ENTRY_FILE);
    await checkBundle(`${scratch}/${ENTRY_FILE}`);
    await checkServedBundle(scratch);
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

/** A YAML config with a problem, which `check` locates with npm:yaml (a CommonJS package). */
const BAD_YAML = "outDir: out\ntasks:\n  - { name: a, sleeep: 1s }\n";

/**
 * A config that crawls the site `checkServedBundle` serves: its robots.txt (read with robots-parser,
 * a CommonJS package) keeps `/private/` out, so one of the two links is fetched.
 */
function crawlConfig(site: string): string {
  return `export default { outDir: "out", tasks: [{ name: "site", fetch: "${site}/", ` +
    "*onResponse(response, ctx) { yield* response.body.bytes(); " +
    'yield* ctx.enqueue("/a"); yield* ctx.enqueue("/private/b"); } }] };\n';
}

/** What `checkServedBundle`'s server answers: the bundle under `/cli/`, else a small site. */
async function servedFile(bundleDir: string, request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  if (path.startsWith("/cli/") && !path.includes("..")) {
    const code = await Deno.readFile(`${bundleDir}/${path.slice("/cli/".length)}`).catch(() =>
      null
    );
    if (code === null) return new Response("not found", { status: 404 });
    return new Response(code, { headers: { "content-type": "application/javascript" } });
  }
  if (path === "/robots.txt") return new Response("User-agent: *\nDisallow: /private/\n");
  return new Response(`page ${path}`);
}

/**
 * The bundle must run from an http(s) URL as it does from a file (`deno install` of a URL, a raw
 * GitHub link): served from 127.0.0.1, it must locate a YAML config's problem and obey a site's
 * robots.txt, which both load a CommonJS package. It runs with a DENO_DIR of its own (nothing
 * cached from an earlier bundle, nothing left in the user's) and writes no lockfile.
 *
 * @param bundleDir The bundle's folder.
 * @throws {Error} Saying what the served bundle did instead.
 */
export async function checkServedBundle(bundleDir: string): Promise<void> {
  const work = await Deno.makeTempDir({ prefix: "corun-served-bundle-" });
  const stop = new AbortController();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, signal: stop.signal, onListen() {} },
    (request) => servedFile(bundleDir, request),
  );
  const host = `127.0.0.1:${server.addr.port}`;
  try {
    await Deno.writeTextFile(`${work}/bad.yaml`, BAD_YAML);
    await Deno.writeTextFile(`${work}/crawl.js`, crawlConfig(`http://${host}`));
    const corun = [
      "run",
      "--quiet",
      "--no-lock",
      "--no-config",
      "--no-prompt",
      `--allow-import=${host}`,
      `--allow-read=${work}`,
      `--allow-write=${work}`,
      `--allow-net=${host}`,
      "--allow-env",
      `http://${host}/cli/${ENTRY_FILE}`,
    ];
    const options = { cwd: work, env: { DENO_DIR: `${work}/deno-dir` } };
    const check = await runDeno([...corun, "check", "bad.yaml"], options);
    if (!check.stderr.includes("bad.yaml:3:16: tasks[0].sleeep:")) {
      throw new Error(
        `Cannot bundle lib/cli/bin.ts: served over http, the bundle did not locate a YAML ` +
          `config's problem: ${check.stderr.trim()}`,
      );
    }
    const crawl = await runDeno([...corun, "run", "crawl.js"], options);
    // The seed and /a are fetched; /private/b, which robots.txt disallows, is left out.
    if (!crawl.success || !crawl.stdout.includes("(2 fetches: 2 done;")) {
      throw new Error(
        "Cannot bundle lib/cli/bin.ts: served over http, the bundle did not obey a robots.txt: " +
          (crawl.stdout + crawl.stderr).trim(),
      );
    }
  } finally {
    stop.abort();
    await server.finished;
    await Deno.remove(work, { recursive: true });
  }
}

/** How `deno bundle` gives CommonJS packages their `require`: from `node:module`. */
const COMMONJS_SHIM = "__deno_internal_createRequire";

/** The shim's `require` as `deno bundle` makes it: from the chunk's own URL. */
const SHIM_REQUIRE = `${COMMONJS_SHIM}(import.meta.url)`;

/**
 * Makes the CommonJS shim's `require` work from any URL. Node's `createRequire` takes a file URL
 * only, so a bundle run or installed from an http(s) URL threw as npm:yaml (a YAML config's
 * located problems) or robots-parser loaded. That `require` only ever loads `node:` built-ins
 * (the bundler inlines the packages' own files), which no base resolves, so any file URL will do.
 *
 * @param code A chunk of the bundle.
 * @returns The chunk, its shim's `require` made from a file URL wherever the chunk was loaded from.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { portableRequire } from "./build.ts";
 * const code = "var m=__deno_internal_createRequire(import.meta.url);";
 * assertEquals(
 *   portableRequire(code),
 *   'var m=__deno_internal_createRequire(import.meta.url.startsWith("file:")?import.meta.url:"file:///");',
 * );
 * ```
 */
export function portableRequire(code: string): string {
  return code.replaceAll(
    SHIM_REQUIRE,
    `${COMMONJS_SHIM}(import.meta.url.startsWith("file:")?import.meta.url:"file:///")`,
  );
}

/**
 * The chunk that holds `deno bundle`'s CommonJS shim (a `require` made with `node:module`, for
 * npm:yaml, which only locating a YAML config's problems loads).
 *
 * @param bundleDir The bundle's folder.
 * @returns The chunk's file name, or undefined when the bundle has no CommonJS package.
 */
async function commonJsShimChunk(bundleDir: string): Promise<string | undefined> {
  for (const { name } of Deno.readDirSync(bundleDir)) {
    if ((await Deno.readTextFile(`${bundleDir}/${name}`)).includes(COMMONJS_SHIM)) return name;
  }
  return undefined;
}

/**
 * Drops a chunk's bare `import"./SHIM";` of the CommonJS shim's chunk. esbuild has every chunk import
 * that chunk for its side effect, and its one side effect is the `require` made from `node:module`,
 * which loads Deno's Node compatibility layer (~40 ms and ~9 MB at every start, `--version`
 * included). A chunk that uses the shim imports it by name, so it still loads before them.
 *
 * @param code A chunk of the bundle.
 * @param shim The shim's chunk (`commonJsShimChunk`), or undefined when there is none.
 * @returns The chunk without that import.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { dropBareImport } from "./build.ts";
 * const code = 'import"./chunk-A.js";import{a as r}from"./chunk-A.js";r("x");';
 * assertEquals(dropBareImport(code, "chunk-A.js"), 'import{a as r}from"./chunk-A.js";r("x");');
 * ```
 */
export function dropBareImport(code: string, shim: string | undefined): string {
  return shim === undefined ? code : code.replaceAll(`import"./${shim}";`, "");
}

/**
 * The modules a bundle loads as it starts: its entry file and every chunk and module the entry
 * imports statically, transitively (`import()` is left out: it loads only when a run needs it).
 *
 * @param bundleDir The bundle's folder.
 * @param entry The entry file's name in it.
 * @returns Specifiers that are not chunks of the bundle (such as `node:path`), in the order found.
 */
export async function startupImports(bundleDir: string, entry: string): Promise<string[]> {
  const outside: string[] = [];
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const code = await Deno.readTextFile(`${bundleDir}/${name}`);
    for (const specifier of staticImportsOf(code)) {
      if (specifier.startsWith("./")) queue.push(specifier.slice(2));
      else if (!outside.includes(specifier)) outside.push(specifier);
    }
  }
  return outside;
}

/**
 * The specifiers a minified module imports or re-exports statically.
 *
 * @param code The module's text.
 * @returns The specifiers, in order.
 */
export function staticImportsOf(code: string): string[] {
  const pattern = /(?<![\w$.])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?"([^"]+)"/g;
  return [...code.matchAll(pattern)].map((match) => match[1]);
}

/**
 * A bundle must start without Deno's Node compatibility layer (`node:` modules cost ~30 ms and
 * ~8 MB at every start, `corun --version` included), and hold no CommonJS package (their `require`
 * needs that layer too). A module that needs one imports it with `import()` when it is used.
 */
async function checkNoNodeAtStartup(bundleDir: string, entry: string): Promise<void> {
  const node = (await startupImports(bundleDir, entry)).filter((specifier) =>
    specifier.startsWith("node:")
  );
  if (node.length > 0) {
    throw new Error(
      `Cannot bundle lib/cli/bin.ts: the bundle loads ${node.join(", ")} as it starts; ` +
        "import it with import() where it is used",
    );
  }
  for (const { name } of Deno.readDirSync(bundleDir)) {
    if ((await Deno.readTextFile(`${bundleDir}/${name}`)).includes("Dynamic require of")) {
      throw new Error(`Cannot bundle lib/cli/bin.ts: ${name} holds a CommonJS package`);
    }
  }
}

/** Runs a `deno` subcommand on the entry and returns its standard output; `doing` names it in errors. */
async function deno(args: string[], doing: string): Promise<string> {
  const output = await runDeno(args);
  if (!output.success) throw new Error(`Cannot ${doing} lib/cli/bin.ts: ${output.stderr.trim()}`);
  return output.stdout;
}

/** Runs `deno` with `args` (in `cwd`, with `env` added to this process's) and waits for its end. */
async function runDeno(
  args: string[],
  { cwd, env = {} }: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ success: boolean; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    ...(cwd === undefined ? {} : { cwd }),
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...env },
  }).output();
  const decoder = new TextDecoder();
  return {
    success: output.success,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

if (import.meta.main) {
  const outDir = Deno.args[0] ?? fileURLToPath(BUNDLE_DIR_URL);
  await buildCli(outDir);
  console.log(`wrote ${outDir}`);
}
