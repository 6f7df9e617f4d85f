/**
 * What can be known about a run's output before any I/O: a metadata file that would leave the
 * output directory, or that `--out` puts on another of the run's own files (the config check
 * refuses that for the config's own `outDir`), an output directory that is a file, sits under one,
 * or may not be written by its mode (Deno's permissions are lib/cli `permission_step.ts`'s).
 * `check` reports these as it reports config errors, and `run`, `plan`, `schedule` and the
 * library's `run()` refuse to start on them, so nothing is fetched only to be thrown away. A
 * config that writes nothing there but the run history (sleeps alone) still runs: `check` warns
 * instead.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { isGranted } from "../loop/mod.ts";
import { brokenLinkProblem, relativeInside } from "../sinks/mod.ts";
import { type ConfigSpec, writesIntoOutDir } from "../tasks/mod.ts";
import { HISTORY_FILE_NAME } from "../tasks/own_files.ts";
import { metadataLogProblem } from "../tasks/run_own_files.ts";
import { configBaseDir, configOutDir } from "../tasks/task_items.ts";
import type { ConfigIssue } from "./config_error.ts";
import { dirname } from "./deps.ts";

/** What the run will do with its output directory. */
export interface OutputCheckRequest {
  /** The validated config. */
  config: ConfigSpec;
  /** How messages name the config (its path). */
  label: string;
  /** `--out` (the `outDir` option of `run()`), absolute or from the config's folder, when given. */
  outDirOverride?: string;
  /** How messages name where `outDirOverride` was given. @default "--out" */
  overrideName?: string;
  /** `--lock`: the lock file goes in the output directory. */
  locking?: boolean;
}

/** What the file system says about a path, injected so tests need not be root or not root. */
export interface OutputProbe {
  /** `Deno.statSync`, or undefined when it does not exist or may not be read without a prompt. */
  stat(path: string): Deno.FileInfo | undefined;
  /** What is wrong with a symbolic link at `path` to nothing (`brokenLinkProblem`); else undefined. */
  brokenLink?(path: string): string | undefined;
  /** The process's user id, or null when not known (Windows, or no `--allow-sys=uid`). */
  uid: number | null;
}

/** One problem with a run's output: the setting it is in, and what is wrong. */
interface OutputProblem {
  /** The config's field, or undefined for `outDirOverride`. */
  field?: "metadata" | "outDir";
  message: string;
}

/** What the output check found, split by whose business it is. */
interface OutputFindings {
  /** What is wrong with the config or the file system: `run` refuses it, `check` fails on it. */
  problems: OutputProblem[];
  /**
   * What is wrong with the output directory of a config that writes nothing but the run history
   * there: the run goes on, unrecorded (as without `--allow-write`), so `check` warns of it.
   */
  historyOnly?: OutputProblem;
}

/**
 * Lists the problems a run of `config` would meet with its output, each naming the config and the
 * field (or `--out`): what `run` and `schedule` refuse to start on.
 *
 * @param request The config and the flags.
 * @param probe The file system. @default the real one
 * @returns One message per problem; empty when none can be seen before running.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { validateConfig } from "./mod.ts";
 * import { outputProblems } from "./output_check.ts";
 * const config = validateConfig(
 *   { outDir: "/srv/out", metadata: "../meta.jsonl", tasks: [{ sleep: "1s" }] },
 *   "tasks.yaml",
 * );
 * const nothingThere = { stat: () => undefined, uid: null };
 * assertEquals(outputProblems({ config, label: "tasks.yaml" }, nothingThere), [
 *   'tasks.yaml: metadata: "../meta.jsonl" leaves the output directory "/srv/out"; write a path inside it',
 * ]);
 * ```
 */
export function outputProblems(
  request: OutputCheckRequest,
  probe: OutputProbe = REAL_PROBE,
): string[] {
  return outputFindings(request, probe).problems.map((problem) => lineOf(request, problem));
}

/**
 * The problems {@linkcode outputProblems} finds, as a `ConfigError`'s issues: the library's `run()`
 * refuses a config with any.
 *
 * @param request The config and the `outDir` option.
 * @param probe The file system. @default the real one
 * @returns One issue per problem, at its field (or naming the option); empty when none is seen.
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { validateConfig } from "./mod.ts";
 * import { outputIssues } from "./output_check.ts";
 * const config = validateConfig(
 *   { outDir: "/srv/out", metadata: "../meta.jsonl", tasks: [{ sleep: "1s" }] },
 *   "tasks.yaml",
 * );
 * const nothingThere = { stat: () => undefined, uid: null };
 * assertEquals(outputIssues({ config, label: "tasks.yaml" }, nothingThere), [{
 *   file: "tasks.yaml",
 *   path: "metadata",
 *   message: '"../meta.jsonl" leaves the output directory "/srv/out"; write a path inside it',
 * }]);
 * ```
 */
export function outputIssues(
  request: OutputCheckRequest,
  probe: OutputProbe = REAL_PROBE,
): ConfigIssue[] {
  return outputFindings(request, probe).problems.map(({ field, message }) => ({
    file: request.label,
    path: field ?? "",
    message: field === undefined ? `${overrideNameOf(request)}: ${message}` : message,
  }));
}

/** A problem as the command line prints it: `tasks.yaml: outDir: …`, `--out: …`. */
function lineOf(request: OutputCheckRequest, { field, message }: OutputProblem): string {
  return `${
    field === undefined ? overrideNameOf(request) : `${request.label}: ${field}`
  }: ${message}`;
}

function overrideNameOf(request: OutputCheckRequest): string {
  return request.overrideName ?? "--out";
}

/**
 * What `check` says about a config's output: the same problems as `run`; an output directory that
 * cannot be written when the run would only record its history there is a warning.
 *
 * @param request The config and the flags.
 * @param probe The file system. @default the real one
 * @returns The problems, and the warnings.
 */
export function checkOutput(
  request: OutputCheckRequest,
  probe: OutputProbe = REAL_PROBE,
): { problems: string[]; warnings: string[] } {
  const { problems, historyOnly } = outputFindings(request, probe);
  const warnings = historyOnly === undefined ? [] : [
    `${
      lineOf(request, historyOnly)
    }; corun run cannot record its history (${HISTORY_FILE_NAME}) there`,
  ];
  return { problems: problems.map((problem) => lineOf(request, problem)), warnings };
}

/** Every finding. */
function outputFindings(request: OutputCheckRequest, probe: OutputProbe): OutputFindings {
  const { config } = request;
  const outDir = outDirIn(request);
  const findings: OutputFindings = { problems: [] };
  const problems = findings.problems;
  if (config.metadata !== false) {
    try {
      relativeInside(outDir, config.metadata);
    } catch {
      problems.push({
        field: "metadata",
        message: `${quoteReceived(config.metadata)} leaves the output directory ` +
          `${quoteReceived(outDir)}; write a path inside it`,
      });
    }
    // In the config's own output directory the config check refused it already.
    const moved = outDir !== configOutDir(config);
    const clash = moved
      ? metadataLogProblem(config, { baseDir: configBaseDir(config), outDir })
      : undefined;
    if (clash !== undefined) {
      problems.push({
        field: "metadata",
        message: `in ${overrideNameOf(request)} ${quoteReceived(outDir)}, ${clash}`,
      });
    }
  }
  const message = outDirProblemAt(outDir, probe);
  const problem = message === undefined ? undefined : {
    field: request.outDirOverride === undefined ? "outDir" as const : undefined,
    message,
  };
  if (!request.locking && !writesIntoOutDir(config)) {
    if (problem !== undefined) findings.historyOnly = problem;
    return findings;
  }
  if (problem !== undefined) problems.push(problem);
  return findings;
}

/**
 * What keeps the run from writing into the output directory, whatever the config writes there:
 * the run history of a config that writes nothing else is still recorded in it, or not at all.
 *
 * @param request The config and the flags.
 * @param probe The file system. @default the real one
 * @returns What is wrong, naming the config's field (or `--out`); undefined when nothing is seen.
 */
export function outDirProblem(
  request: OutputCheckRequest,
  probe: OutputProbe = REAL_PROBE,
): string | undefined {
  const { outDir, where } = outDirOf(request);
  const problem = outDirProblemAt(outDir, probe);
  return problem === undefined ? undefined : `${where}: ${problem}`;
}

/**
 * The run's output directory, and how a message names where it was set (the config, or `--out`).
 *
 * @param request The config and the flags.
 * @returns The absolute directory, and `tasks.yaml: outDir` or `--out`.
 */
export function outDirOf(request: OutputCheckRequest): { outDir: string; where: string } {
  return {
    outDir: outDirIn(request),
    where: request.outDirOverride === undefined
      ? `${request.label}: outDir`
      : overrideNameOf(request),
  };
}

/** The output directory, as the runner resolves it: from the config's folder. */
function outDirIn(request: OutputCheckRequest): string {
  const { config, outDirOverride } = request;
  return configOutDir(config, outDirOverride);
}

/** What the output directory, or the folder it would be made in, is when it cannot be written. */
function outDirProblemAt(outDir: string, probe: OutputProbe): string | undefined {
  const found = nearestExisting(outDir, probe);
  if (found === undefined) return undefined; // nothing there may be read: the run will say
  const [path, info] = found;
  if (typeof info === "string") {
    const link = `${quoteReceived(path)} is ${info}`;
    return path === outDir ? link : `${quoteReceived(outDir)} cannot be made: ${link}`;
  }
  if (!info.isDirectory) {
    return path === outDir
      ? `${quoteReceived(outDir)} is a file, not a directory`
      : `${quoteReceived(outDir)} cannot be made: ${quoteReceived(path)} is a file`;
  }
  if (!writableByMode(info, probe.uid)) {
    return `${quoteReceived(path)} is not writable by this user (mode ${
      ((info.mode ?? 0) & 0o777).toString(8)
    })${path === outDir ? "" : `, so ${quoteReceived(outDir)} cannot be made`}`;
  }
  return undefined;
}

/**
 * The output directory, or the ancestor it would be made in, with what it is: its info, or what is
 * wrong with it when it is a symbolic link to nothing (a directory cannot be made through one).
 */
function nearestExisting(
  path: string,
  probe: OutputProbe,
): [string, Deno.FileInfo | string] | undefined {
  for (let current = path;; current = dirname(current)) {
    const info = probe.stat(current);
    if (info !== undefined) return [current, info];
    const problem = probe.brokenLink?.(current);
    if (problem !== undefined) return [current, problem];
    if (dirname(current) === current) return undefined;
  }
}

/**
 * Says no only when the mode is sure to refuse: the owner without `w`, or another user with `w` for
 * neither group nor others (membership of other groups is not known). Root writes anyway, and a
 * read-only file system or an ACL is for the run to find.
 */
function writableByMode(info: Deno.FileInfo, uid: number | null): boolean {
  if (uid === null || uid === 0 || info.mode === null || info.uid === null) return true;
  const mode = info.mode;
  if (info.uid === uid) return (mode & 0o200) !== 0;
  return (mode & 0o022) !== 0;
}

const REAL_PROBE: OutputProbe = {
  stat(path) {
    if (!isGranted({ name: "read", path })) return undefined;
    try {
      return Deno.statSync(path);
    } catch {
      return undefined;
    }
  },
  brokenLink(path) {
    if (!isGranted({ name: "read", path })) return undefined;
    return brokenLinkProblem(path);
  },
  get uid() {
    // Asking needs --allow-sys=uid; without it the mode is not judged (never a prompt).
    return isGranted({ name: "sys", kind: "uid" }) ? Deno.uid() : null;
  },
};
