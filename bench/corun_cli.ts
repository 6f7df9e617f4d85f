/**
 * corun as the benchmark runs it: as `deno task corun` does (its V8 flags, the bundled command
 * line), but bundled afresh from the working tree so a benchmark never measures a stale
 * `dist/cli/`.
 * @module
 */
import { buildCli, ENTRY_FILE } from "../dist/build.ts";

/** How to start corun's command line. */
export interface CorunCli {
  /** The `deno run` flags: those of `deno task corun`, with `-A`. */
  flags: string[];
  /** The script to run. */
  entry: string;
}

/**
 * Reads the `deno run` flags from the `corun` task of a deno.json, with every permission in place of
 * the task's own: Deno grants writes under `/dev` (the outputs go to `/dev/shm`) only with `-A`.
 *
 * @param denoJsonText The text of deno.json.
 * @returns `-A` and the task's other flags between `deno run` and the script.
 */
export function corunTaskFlags(denoJsonText: string): string[] {
  const task: unknown = JSON.parse(denoJsonText).tasks?.corun;
  if (typeof task !== "string") throw new Error('deno.json has no "corun" task');
  const words = task.trim().split(/\s+/);
  // Environment assignments before `deno run` (`CORUN_CALLER_DIR=$INIT_CWD`) are not flags.
  while (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0] ?? "")) words.shift();
  if (words[0] !== "deno" || words[1] !== "run") {
    throw new Error(`The "corun" task does not start with "deno run": ${task}`);
  }
  // Flags come before the script; corun's own arguments after it are not Deno's.
  const scriptAt = words.findIndex((word, index) => index >= 2 && !word.startsWith("-"));
  const flags = words.slice(2, scriptAt === -1 ? words.length : scriptAt);
  return ["-A", ...flags.filter((flag) => !flag.startsWith("--allow-") && flag !== "-A")];
}

/**
 * Bundles the command line into `workDir` and returns how to run it as `deno task corun` would.
 *
 * @param workDir The benchmark's scratch folder.
 */
export async function prepareCorunCli(workDir: string): Promise<CorunCli> {
  const bundleDir = `${workDir}/cli`;
  await buildCli(bundleDir);
  return { flags: await denoTaskCorunFlags(), entry: `${bundleDir}/${ENTRY_FILE}` };
}

/** The `deno run` flags of this repository's `deno task corun`. */
export async function denoTaskCorunFlags(): Promise<string[]> {
  return corunTaskFlags(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
}
