/**
 * The files a run of a config reads, as its own files (own_files.ts): no save, `ctx.write` or
 * `ctx.append` of the run may replace one, or the next run would read what a server chose. A
 * server's `{filename}` of `list.txt` would choose where the next run sends the list's credentials,
 * one of `ca.pem` which servers it trusts, one of `SHA256SUMS` what its downloads are checked
 * against, one of the config which tasks it runs, one of `token.txt` (a `{ file }` credential) which
 * credential it sends. The config file, a `cookies:` jar and a secret file are never saved by a
 * task (a secret is nothing a task downloads); a file the config reads otherwise (its URL lists, CA files, body files and
 * checksums files) is saved by a task whose `save` names it as written, without a placeholder (the
 * config's author chose so: a task that downloads the `SHA256SUMS` another checks against), and by
 * no other save (`OwnFile.literalSave`).
 * @module
 */
import { configFileOf } from "./task_items.ts";
import { isAbsolute, resolve } from "./deps.ts";
import {
  CA_FILE_ROLE,
  CHECKSUMS_FILE_ROLE,
  CONFIG_FILE_ROLE,
  COOKIE_JAR_ROLE,
  type OwnFile,
  SECRET_FILE_ROLE,
} from "./own_files.ts";
import type { ConfigSpec, FetchDefaults } from "./spec.ts";

/**
 * The files a config reads, each with what it is to the run.
 *
 * @param config The run's config.
 * @param baseDir Where its relative paths are resolved (the config's folder), but the jar's: it is
 *   opened as its path says.
 * @param movedDownloads Checksums files and URL lists a task of the run saves, read where `--out`
 *   put them (`RunEnv.movedDownloads`).
 * @returns Absolute paths, each once (the first role wins), the config file, the jar and the secret
 *   files first.
 */
export function filesConfigReads(
  config: ConfigSpec,
  baseDir: string,
  movedDownloads?: ReadonlyMap<string, string>,
): OwnFile[] {
  const files: OwnFile[] = [];
  const seen = new Set<string>(); // a CA file of all 100,000 tasks is one file
  const add = (path: string, role: string | (() => string), literalSave: boolean) => {
    const file = isAbsolute(path) ? path : resolve(baseDir, path);
    if (seen.has(file)) return;
    seen.add(file);
    files.push({ path: file, role: typeof role === "string" ? role : role(), literalSave });
  };
  // A file a task of the run saves is read where the run saved it, and is the run's there too.
  const addRead = (path: string, role: string | (() => string)) => {
    add(path, role, true);
    const moved = movedDownloads?.get(path);
    if (moved !== undefined) add(moved, role, true);
  };
  const configFile = configFileOf(config);
  if (configFile !== undefined) add(configFile, CONFIG_FILE_ROLE, false);
  // The jar is opened where its path says, from the working directory (cookie_session.ts).
  const jar = config.cookies?.file;
  if (jar !== undefined) add(resolve(jar), COOKIE_JAR_ROLE, false);
  for (const file of config.secretFiles ?? []) add(file, SECRET_FILE_ROLE, false);
  const addSettings = (settings: FetchDefaults) => {
    if (settings.caFile) add(settings.caFile, CA_FILE_ROLE, true);
    if (settings.checksumsFile) addRead(settings.checksumsFile, CHECKSUMS_FILE_ROLE);
  };
  // A custom task's `ctx.fetch` takes the defaults.
  addSettings(config.defaults);
  for (const spec of config.tasks) {
    if (spec.kind !== "fetch") continue;
    if (spec.options !== config.defaults) addSettings(spec.options);
    const name = JSON.stringify(spec.name);
    if (spec.urls?.kind === "list") addRead(spec.urls.path, () => `the URL list of task ${name}`);
    const body = spec.request.body;
    if (body?.kind === "file") add(body.path, () => `the body file of task ${name}`, true);
  }
  return files;
}
