/**
 * Paths as a config writes them, which corun takes as written: no shell expands `${OUT}`, `$HOME`
 * or `~` in them first. Each would be a folder so named, beside the config file or in the output
 * directory, or a file that "does not exist"; refused instead, saying what to write.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import {
  envReferenceProblem,
  leadingVariableProblem,
  NO_ENV_REFERENCE,
  NO_LEADING_VARIABLE,
} from "./env_reference.ts";

/** `~`, `~/out` or `~user/out`: a home folder as a shell writes it. */
const HOME_TILDE = /^~[^/\\]*(?:[/\\]|$)/;

/**
 * What is wrong with a path that starts with `~`. The command line asks too: a shell leaves `~`
 * alone after `=` (`--out=~/data`) and in quotes, and systemd's `ExecStart=` never expands it.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { homeTildeProblem } from "./local_path.ts";
 * assertEquals(homeTildeProblem("./~/x"), undefined);
 * assertEquals(
 *   homeTildeProblem("~/x", "in the working directory")?.includes('"~" in the working directory'),
 *   true,
 * );
 * ```
 *
 * @param path A path as written.
 * @param place Where a relative path is taken from, for the message (`beside the config file`).
 * @returns `"~/x" starts with "~", which corun does not expand …`, or undefined.
 */
export function homeTildeProblem(
  path: string,
  place = "beside the config file",
): string | undefined {
  if (!HOME_TILDE.test(path)) return undefined;
  const folder = path.split(/[/\\]/)[0];
  return `${quoteReceived(path)} starts with "~", which corun does not expand to a home folder ` +
    `(it would be a folder named ${quoteReceived(folder)} ${place}): write the ` +
    `full path, or ${quoteReceived(`./${path}`)} for a folder so named`;
}

/** `https://x.org/list.txt`: a URL where a local path belongs. */
const URL_AS_PATH = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * What is wrong with a path that is a URL: corun would look for a file of that name here.
 *
 * @param path A path relative to the config file, as written.
 * @returns `"https://…" is a URL, …`, or undefined.
 */
function urlAsPathProblem(path: string): string | undefined {
  if (!URL_AS_PATH.test(path)) return undefined;
  return `${quoteReceived(path)} is a URL, where a path on this machine belongs (a file that ` +
    "a task of the run downloads is named here by the path it is saved to)";
}

/**
 * What is wrong with a path written in the output directory (`save`, `metadata`): a `${NAME}`
 * anywhere, or a `$NAME` as its first segment.
 *
 * @param path The path as written.
 * @returns The problem, or undefined.
 */
export function outputPathProblem(path: string): string | undefined {
  return envReferenceProblem(path) ?? leadingVariableProblem(path);
}

/**
 * What is wrong with a path relative to the config file, one corun reads or writes (`outDir`,
 * `cookies`, a `urls` list, `caFile`, `checksums`, a body's or a credential's `file`): what
 * `outputPathProblem` refuses, a `~` first, or a URL.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { localPathProblem } from "./local_path.ts";
 * assertEquals(localPathProblem("lists/today.txt"), undefined);
 * assertEquals(localPathProblem("~/ca.pem")?.startsWith('"~/ca.pem" starts with "~"'), true);
 * ```
 *
 * @param path The path as written.
 * @returns The problem, or undefined.
 */
export function localPathProblem(path: string): string | undefined {
  return outputPathProblem(path) ?? homeTildeProblem(path) ?? urlAsPathProblem(path);
}

/** For editors, what `outputPathProblem` refuses that a pattern can tell. */
export const OUTPUT_PATH_JSON = { pattern: `^${NO_ENV_REFERENCE}${NO_LEADING_VARIABLE}` };

/** For editors, what `localPathProblem` refuses that a pattern can tell. */
export const LOCAL_PATH_JSON = {
  ...OUTPUT_PATH_JSON,
  not: { pattern: `${HOME_TILDE.source}|${URL_AS_PATH.source}` },
};
