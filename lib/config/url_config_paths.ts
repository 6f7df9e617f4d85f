/**
 * What a config read from a URL may say about local paths. Its paths have no folder to be relative
 * to, and whoever serves it should not pick files on this machine to send away or folders to write
 * in: `outDir` is relative to the working directory and stays inside it, and a config from a URL
 * names no local file (`caFile`, a `body: { file }`, a `urls` list, `checksums`, a `cookies` jar):
 * each refusal says what it can write instead. Nor may it read a credential from this machine (a
 * `{ env }` or `{ file }`): it would choose what is read here and send it to a server of its choosing.
 * @module
 */
import { isAbsolute } from "./deps.ts";
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
 * @returns One issue per such path, at its field.
 */
export function urlConfigPathIssues(input: unknown): PathIssue[] {
  if (!isRecord(input)) return [];
  const issues: PathIssue[] = [];
  const outDir = input.outDir;
  if (typeof outDir === "string" && !staysInside(outDir)) {
    issues.push({
      path: ["outDir"],
      message: `a config read from a URL writes only into a folder of its own under the working ` +
        `directory: give outDir relative to it, without "..", not the working directory itself ` +
        `nor a hidden folder (such as .git), not ${JSON.stringify(outDir)}`,
    });
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

/** Why a config read from a URL may not give a credential as `{ env }` or `{ file }`. */
const NO_LOCAL_SECRET = "a config read from a URL may not read this machine's environment " +
  "variables or files ({ env } or { file }): its server would choose what is read here and " +
  "where it is sent; save the config as a file and load that";

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
