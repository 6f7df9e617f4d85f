/**
 * The files a command line names for corun to write (`--log`, `--trace`, `--state`) must be files
 * of their own: appending the log to the config, or putting a trace in place of the run history,
 * would destroy what the next run reads. Each is refused, before anything runs, when it is the config
 * file, one of corun's own files in the output directory, or another of these options' files; and
 * under Deno's special roots (`/dev/shm`) without `-A`, where Deno refuses it whatever is granted.
 * @module
 */
import { unusableFlag } from "./flag_problem.ts";
import { allAccessRefusal, isGranted, refusalText } from "../loop/mod.ts";
import type { ConfigSpec } from "../tasks/mod.ts";
import { landingInside } from "../tasks/own_files.ts";
import { runOwnFiles } from "../tasks/run_own_files.ts";
import { configBaseDir } from "../tasks/task_items.ts";
import { basename, dirname, join, resolve } from "./deps.ts";
import { runFilesOf } from "./unattended_files.ts";
import { standardStreamOf } from "./std_stream.ts";

/** A file an option names for corun to write. */
export interface FlagFile {
  /** The option, as typed: `--log`. */
  flag: string;
  /** Its value (absolute, or relative to the working directory). */
  path: string;
  /**
   * Written whole to a new file renamed into its place (`--trace`): a symbolic link there
   * (`/dev/stdout`) would be replaced, not written through, so only a file or nothing may be there.
   */
  replaced?: boolean;
  /**
   * Each run writes a file of its own beside this path, named from it (`schedule --trace`): no
   * file is written at the path itself, so only where it is (under `/dev`) is judged.
   */
  perRun?: boolean;
}

/** What the command writes besides the options' files. */
export interface FlagFilesRequest {
  config: ConfigSpec;
  /** `--out`, when given. */
  outDirOverride?: string | undefined;
  /** `--state PATH` replaces the state file in the output directory; `--no-state` keeps none. */
  state?: string | false | undefined;
}

/**
 * Lists the options whose file is one corun already uses.
 *
 * @param request The config, `--out` and `--state`.
 * @param flags The options' files, in the order they are judged.
 * @returns One message per clash, naming the option, its value and what the file is; empty when
 *   none.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { validateConfig } from "../config/mod.ts";
 * import { flagFileProblems } from "./flag_files.ts";
 * const config = validateConfig({ outDir: "out", tasks: [{ sleep: "1s" }] }, "/srv/tasks.yaml");
 * assertEquals(flagFileProblems({ config }, [{ flag: "--log", path: "/srv/tasks.yaml" }]), [
 *   'Cannot use --log "/srv/tasks.yaml": it is the config file',
 * ]);
 * ```
 */
export function flagFileProblems(
  request: FlagFilesRequest,
  flags: readonly FlagFile[],
): string[] {
  // No option names a file (most runs): nothing to look up on the disk at start-up.
  if (flags.length === 0) return [];
  const files = runFilesOf(request.config, request.outDirOverride);
  const taken = takenFiles(request, files);
  const problems: string[] = [];
  for (const file of flags) {
    const { flag, path, replaced, perRun } = file;
    // Deno's refusal there would come only once the run has sent its requests.
    const special = allAccessRefusal("write", resolve(path));
    const stream = standardStreamOf(resolve(path));
    if (special !== undefined) {
      problems.push(
        unusableFlag(
          `${flag} ${JSON.stringify(path)}`,
          stream === undefined
            ? refusalText(special)
            : `corun may not ${special.what}: ${streamHint(file, stream)}`,
        ),
      );
      continue;
    }
    if (perRun) continue;
    const key = fileKeyOf(path);
    const role = taken.get(key);
    const notFile = replaced ? notAFile(path) : linkInside(files.outDir, path);
    if (role !== undefined) {
      problems.push(unusableFlag(`${flag} ${JSON.stringify(path)}`, `it is ${role}`));
    } else if (notFile !== undefined) {
      const instead = stream === "standard output" && replaced
        ? `give ${flag} - for standard output`
        : "give a file's path";
      problems.push(unusableFlag(`${flag} ${JSON.stringify(path)}`, `${notFile}: ${instead}`));
    } else taken.set(key, `the file of ${flag}`);
  }
  return problems;
}

/**
 * What to give instead of a path to a standard stream: `-`, corun's own way to write to standard
 * output, which needs no `-A`. A file renamed into place (`--trace`) would replace the link even
 * with `-A`; a schedule's traces, one per run, have no stream to go to.
 */
function streamHint({ flag, replaced, perRun }: FlagFile, stream: string): string {
  if (perRun) return "give a file's path outside /dev";
  if (!replaced) {
    return `give ${flag} - (standard output; stderr when stdout holds a body, the trace or ` +
      "--json), or start it with --allow-all";
  }
  return stream === "standard output"
    ? `give ${flag} - for standard output`
    : "give a file's path outside /dev";
}

/**
 * Why a file written whole and renamed into place cannot go to `path`: something other than a
 * regular file is there. Undefined when a file or nothing is (the run makes it).
 */
function notAFile(path: string): string | undefined {
  const info = lstatIfReadable(path);
  if (info === undefined || info.isFile) return undefined;
  if (info.isDirectory) return "it is a folder";
  const what = info.isSymlink ? "a symbolic link" : "not a regular file (a device or a pipe)";
  return `it is ${what}, which the new file renamed into place would replace, not write through`;
}

/**
 * Why a file appended to (`--log`) cannot be at `path`: a symbolic link inside the output directory,
 * which whoever may write there could have pointed at any file this user may write (corun opens
 * nothing there through a link). Outside it, a link is the user's own (`/dev/stdout`).
 */
function linkInside(outDir: string, path: string): string | undefined {
  if (landingInside(outDir, path) === undefined || !lstatIfReadable(path)?.isSymlink) {
    return undefined;
  }
  return "it is a symbolic link inside the output directory, and corun writes nothing there " +
    "through a link (whoever may write there could point it at any file)";
}

/**
 * What `lstat` says of a path, when this process may read it (a check that would ask for a
 * permission it was not given says nothing) and something is there.
 */
function lstatIfReadable(path: string): Deno.FileInfo | undefined {
  if (!isGranted({ name: "read", path })) return undefined;
  try {
    return Deno.lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The files corun uses in a run of the config, by `keyOf`, with what each is: the run's own list
 * (run_own_files.ts: the files the config reads, secret files and lists among them, and its files in
 * the output directory), which no save may replace either.
 */
function takenFiles(
  request: FlagFilesRequest,
  files: ReturnType<typeof runFilesOf>,
): Map<string, string> {
  const { config, state } = request;
  const taken = new Map<string, string>();
  const own = runOwnFiles(config, {
    baseDir: configBaseDir(config),
    outDir: files.outDir,
    // `--state PATH` is one of the options' files: judged with them.
    state: state === undefined ? undefined : false,
  });
  for (const { path, role } of own) {
    const key = fileKeyOf(path);
    if (!taken.has(key)) taken.set(key, role);
  }
  return taken;
}

/**
 * One key per file: the absolute path, through symbolic links as far as they exist (`logs/` may be a
 * link to the output directory), so two spellings of one file meet. A path this process may not
 * read is left as it is: never a permission prompt.
 *
 * @param path A file, absolute or relative to the working directory; it need not exist.
 * @returns The same key for every spelling of one file.
 */
export function fileKeyOf(path: string): string {
  const absolute = resolve(path);
  return realPathOf(absolute) ??
    join(realPathOf(dirname(absolute)) ?? dirname(absolute), basename(absolute));
}

function realPathOf(path: string): string | undefined {
  if (!isGranted({ name: "read", path })) return undefined;
  try {
    return Deno.realPathSync(path);
  } catch {
    return undefined; // not there (yet)
  }
}
