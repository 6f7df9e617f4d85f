/**
 * What a config read from a URL may say about local paths. Its paths have no folder to be relative
 * to, and whoever serves it should not pick files on this machine to send away or folders to write
 * in: `outDir` is relative to the working directory and stays inside it, followed through symbolic
 * links, in a folder of corun's own (new, empty, or holding corun's files), and a config from a URL
 * names no local file (`caFile`, a `body: { file }`, a `urls` list, `checksums`, a `cookies` jar):
 * each refusal says what it can write instead. Nor may it read a credential from this machine (a
 * `{ env }` or `{ file }`): it would choose what is read here and send it to a server of its choosing.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { allowFlags, isGranted, messageOf } from "../loop/mod.ts";
import { STATE_FILE_NAME } from "../sinks/mod.ts";
import { DEFAULT_METADATA_FILE } from "../tasks/metadata_rotation.ts";
import { HISTORY_FILE_NAME, LOCK_FILE_NAME, OWN_DIR } from "../tasks/own_files.ts";
import { dirname, isAbsolute, join, relative, resolve } from "./deps.ts";
import type { PathIssue } from "./path_issue.ts";
import { forEachFileField } from "./referenced_files.ts";
import { forEachSecretField } from "./secret_refs.ts";
import { isRecord } from "./schema_fetch.ts";

/**
 * What a config read from a URL can say instead of naming a local file, by the field's key: a CA
 * file's content has no field of its own, and a cookie jar is written as well as read.
 */
const INSTEAD_OF_FILE: Readonly<Record<string, string>> = {
  caFile: "to trust a private CA, name its certificate file in DENO_CERT where corun starts " +
    "(DENO_CERT=ca.pem corun run URL)",
  checksums: "give a task's digest as checksum: sha256:HEX",
  file: 'put the body in the config (body: "text", { json } or { form })',
  urls: "give each URL as a task's url",
  cookies: "cookies: true keeps a jar for the run alone",
};

/** Why a config read from a URL may not name the local file at `key`, and what to do instead. */
function noLocalFile(key: string | number): string {
  return "a config read from a URL may not name a local file (its server would choose what is " +
    `read here): ${INSTEAD_OF_FILE[key] ?? "put the content in the config"}, or save the config ` +
    "as a file and load that";
}

/**
 * Finds the paths a config read from a URL may not give.
 *
 * @param input A raw config, valid or not.
 * @param workDir The working directory, absolute: where its `outDir` is.
 * @returns One issue per such path, at its field.
 */
export function urlConfigPathIssues(input: unknown, workDir: string): PathIssue[] {
  if (!isRecord(input)) return [];
  const issues: PathIssue[] = [];
  const outDir = input.outDir;
  if (typeof outDir === "string") {
    const message = staysInside(outDir)
      ? outDirOnDiskProblem(outDir, workDir)
      : `${OWN_FOLDER}: give outDir relative to it, without "..", not the working directory ` +
        `itself nor a hidden folder (such as .git), not ${quoteReceived(outDir)}`;
    if (message !== undefined) issues.push({ path: ["outDir"], message });
  }
  if (typeof input.cookies === "string") {
    issues.push({ path: ["cookies"], message: noLocalFile("cookies") });
  }
  forEachFileField(input, (value, path) => {
    if (value === undefined) return;
    const at = path();
    issues.push({ path: at, message: noLocalFile(at[at.length - 1]) });
  });
  forEachSecretField(input, (value, path) => {
    if (isRecord(value)) issues.push({ path: path(), message: NO_LOCAL_SECRET });
  });
  return issues;
}

/**
 * The other issues of a config read from a URL, less those at a field it refuses (see
 * `urlConfigPathIssues`): the field may hold nothing there, so a complaint about its value (`"https://…"
 * is a URL, where a path on this machine belongs`) would give advice the refusal takes back.
 *
 * @param issues The config's other issues (its schema's).
 * @param refused What `urlConfigPathIssues` found.
 * @returns The issues at fields it did not refuse.
 */
export function outsideRefusedFields(
  issues: readonly PathIssue[],
  refused: readonly PathIssue[],
): PathIssue[] {
  if (refused.length === 0) return [...issues];
  const fields = new Set(refused.map(({ path }) => JSON.stringify(path)));
  return issues.filter(({ path }) => !fields.has(JSON.stringify(path)));
}

/** Why a config read from a URL may not give a credential as `{ env }` or `{ file }`. */
const NO_LOCAL_SECRET = "a config read from a URL may not read this machine's environment " +
  "variables or files ({ env } or { file }): its server would choose what is read here and " +
  "where it is sent; save the config as a file and load that";

/** What a config read from a URL may write into, opening each refusal of its `outDir`. */
const OWN_FOLDER = "a config read from a URL writes only into a folder of its own under the " +
  "working directory";

/** What the user can do about an `outDir` the file system refuses: the server's text is not theirs. */
const OTHER_OUT_DIR = "save the config as a file, give it an outDir of its own, and load that";

/**
 * Files only corun makes in an output directory, whatever the config says: a folder holding one
 * (or nothing) is corun's to write into. Every run of a config read from a URL leaves `.corun/` in
 * the folder it writes into (lib/tasks `output_mark.ts`); the others are older runs' marks. The metadata log counts by its
 * default name alone, since a config may name it anything (`metadata: main.ts`).
 */
const CORUN_MARKS = [
  HISTORY_FILE_NAME,
  LOCK_FILE_NAME,
  STATE_FILE_NAME,
  DEFAULT_METADATA_FILE,
  OWN_DIR,
];

/**
 * What the file system says against an `outDir` whose text stays inside the working directory:
 * a symbolic link on the way that leads out of it (or into the working directory itself, or a
 * hidden folder), or an existing folder that corun did not make (the user's `src/`), whose files
 * the server would choose to replace.
 */
function outDirOnDiskProblem(outDir: string, workDir: string): string | undefined {
  const target = resolve(workDir, outDir);
  // Never a prompt: without the flag, where the path leads cannot be known, so it is refused.
  if (!isGranted({ name: "read", path: workDir }) || !isGranted({ name: "read", path: target })) {
    return `${OWN_FOLDER}, and corun may not read ${quoteReceived(target)} to see where it ` +
      `leads: start it with ${allowFlags("read", [workDir])}`;
  }
  let existing = target;
  while (lstatOf(existing) === undefined && dirname(existing) !== existing) {
    existing = dirname(existing);
  }
  let real: string;
  let realWork: string;
  try {
    real = join(Deno.realPathSync(existing), relative(existing, target));
    realWork = Deno.realPathSync(workDir);
  } catch (error) {
    return `${OWN_FOLDER}, and corun cannot tell where ${quoteReceived(outDir)} leads ` +
      `(${messageOf(error)}); ${OTHER_OUT_DIR}`;
  }
  // The text passed this rule: only a link on the way can fail it now.
  if (!staysInside(relative(realWork, real))) {
    return `${OWN_FOLDER}, and ${quoteReceived(outDir)} leads through a symbolic link to ` +
      `${quoteReceived(real)}, which is not such a folder; ${OTHER_OUT_DIR}`;
  }
  // A folder still to be made is the config's own; a file there is the output check's to report.
  if (existing !== target || !lstatOf(real)?.isDirectory) return undefined;
  if (CORUN_MARKS.some((mark) => lstatOf(join(real, mark)) !== undefined) || isEmpty(real)) {
    return undefined;
  }
  return `${OWN_FOLDER}, and ${quoteReceived(outDir)} is a folder corun did not make (it is not ` +
    `empty and holds none of ${CORUN_MARKS.join(", ")}), so its server would choose which of ` +
    `the files in it are replaced; ${OTHER_OUT_DIR}`;
}

function lstatOf(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.lstatSync(path);
  } catch {
    return undefined;
  }
}

/** True for a folder with nothing in it; a folder that cannot be listed is not known to be empty. */
function isEmpty(folder: string): boolean {
  try {
    for (const _ of Deno.readDirSync(folder)) return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * True for a relative path that names a folder below the one it starts in, never climbing out on
 * the way, through no hidden folder: a server must not make the working directory itself (its
 * `deno.json`, its `Makefile`) or its `.git` the place it saves into.
 */
function staysInside(path: string): boolean {
  if (isAbsolute(path) || /^[a-z]:/i.test(path)) return false;
  let depth = 0;
  for (const segment of path.split(/[\\/]/)) {
    if (segment === "..") depth--;
    else if (segment.startsWith(".") && segment !== ".") return false;
    else if (segment !== "" && segment !== ".") depth++;
    if (depth < 0) return false;
  }
  return depth > 0;
}
