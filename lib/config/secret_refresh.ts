/**
 * Credentials that follow their files while a process outlives one run: `corun schedule` before
 * each fire, `corun worker` before each request it sends (`followSecrets`: a task's fetches, a
 * callback's `ctx.fetch`, all that start from `defaults`). A `{ file: PATH }` may be a token that
 * something else keeps fresh (a sidecar's OAuth token in /run/secrets/token, a Kubernetes
 * projected token, a systemd credential): read once, it would be sent stale, and refused, until a
 * restart. A stat says whether the file changed (its mtime, size or inode:
 * `fileStamp`); only then is it read again, by the reader and with the checks of the load
 * (`rereadSecretFile`), and the spec is made again from the config as given (`normalizeConfig`),
 * holding the new text where the old was, its credential headers still declared so.
 *
 * A re-read that fails (a file gone mid-rotation, empty, too large, holding a line break) keeps
 * the text read before and warns once per change of the file, naming the file and a field that
 * takes it, never a text: a rotation writes a new file and renames it over the old, so a file
 * missing is likely missing for a moment, and a request with no token or half of one would only
 * be refused, where the last one may still be good. `{ env }` cannot change inside a process.
 *
 * `corun run` and a library `run()` read each file once, when the config loads: one run sends one
 * credential, and nothing here is kept for them but the config as given.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { formatPath } from "./config_error.ts";
import { normalizeConfig, type NormalizeOptions } from "./normalize.ts";
import type { ValidConfigInput } from "./schema.ts";
import {
  fileStamp,
  forEachSecretField,
  rereadSecretFile,
  type SecretFileRead,
  type Secrets,
} from "./secret_refs.ts";
import type { SecretShape } from "./shape/mod.ts";
import type { ConfigSpec, FetchDefaults, TaskSpec } from "../tasks/spec.ts";

/** Options of {@linkcode refreshSecrets} and {@linkcode followSecrets}. */
export interface RefreshOptions {
  /** Told each re-read that failed, once per change of its file; never a credential. */
  onWarning: (message: string) => void;
  /** A file checked less than this long ago is not checked again. @default 0: each time */
  recheckAfterMs?: number;
  /** Now, on a monotonic clock in ms, for `recheckAfterMs`. @default performance.now */
  now?: () => number;
}

/** A secret file a loaded config follows. */
interface FollowedFile {
  /** As last read well. */
  read: SecretFileRead;
  /** Its stamp when last looked at, read well or not. */
  stamp: string;
}

/** What one load's specs share: the config as given, and its secret files as last read. */
class FollowedSecrets {
  readonly #input: ValidConfigInput;
  readonly #options: NormalizeOptions;
  #secrets: Secrets;
  /** What the latest secrets made: the config's settings and tasks. */
  defaults: FetchDefaults;
  tasks: TaskSpec[];
  readonly #files: FollowedFile[];
  /** When the files were last looked at (`RefreshOptions.now`): all of them at once. */
  #checkedAtMs = -Infinity;

  constructor(spec: ConfigSpec, input: ValidConfigInput, options: NormalizeOptions) {
    this.#input = input;
    this.#options = options;
    this.#secrets = options.secrets!;
    this.defaults = spec.defaults;
    this.tasks = spec.tasks;
    this.#files = this.#secrets.fileReads.map((read) => ({ read, stamp: read.stamp }));
  }

  /**
   * Looks at each file that is due and reads those that changed again; makes the settings and
   * tasks again when a text did.
   */
  check(options: RefreshOptions): void {
    const nowMs = options.now?.() ?? performance.now();
    if (nowMs - this.#checkedAtMs < (options.recheckAfterMs ?? 0)) return;
    this.#checkedAtMs = nowMs;
    const changed: SecretFileRead[] = [];
    for (const file of this.#files) {
      const stamp = fileStamp(file.read.path);
      if (stamp === file.stamp) continue;
      file.stamp = stamp;
      const reading = rereadSecretFile(file.read);
      if ("problem" in reading) {
        options.onWarning(this.#warning(file.read, reading.problem, reading.shape));
      } else if (reading.text !== file.read.text) {
        changed.push(file.read = { ...file.read, text: reading.text, stamp });
      }
    }
    if (changed.length === 0) return;
    this.#secrets = this.#secrets.withFiles(changed);
    const spec = normalizeConfig(this.#input, { ...this.#options, secrets: this.#secrets });
    this.defaults = spec.defaults;
    this.tasks = spec.tasks;
    followed.set(this.tasks, this);
  }

  /** `c.yaml: tasks[0].fetch.auth.bearer.file: cannot read the secret file "token" again: …`. */
  #warning(read: SecretFileRead, problem: string, shape?: SecretShape): string {
    const refs: ReadonlySet<unknown> = read.refs;
    let field = "";
    this.#forEachField((value, path, fieldShape) => {
      if (field !== "" || !refs.has(value)) return;
      if (shape === undefined || fieldShape === shape) field = `${formatPath(path())}.file`;
    });
    const source = this.#options.source === undefined ? "" : `${this.#options.source}: `;
    return `${source}${field}: cannot read the secret file ${quoteReceived(read.shown)} again: ` +
      `${problem}; what it held before is sent until it can be read`;
  }

  /** Visits the config's credential fields (`forEachSecretField`). */
  #forEachField(visit: Parameters<typeof forEachSecretField>[1]): void {
    forEachSecretField(this.#input as unknown as Record<string, unknown>, visit);
  }
}

/** Each load's followed secrets, by its task list (a copy of its spec keeps the list). */
const followed = new WeakMap<readonly TaskSpec[], FollowedSecrets>();

/**
 * Keeps what {@linkcode refreshSecrets} needs to read a loaded config's secret files again: the
 * config as given, how it was normalized, the files as read. Nothing when it read no file.
 *
 * @param spec The spec just made.
 * @param input The config it was made from.
 * @param options How it was made: its `secrets` were read (not left unread).
 */
export function followSecretFiles(
  spec: ConfigSpec,
  input: ValidConfigInput,
  options: NormalizeOptions,
): void {
  if (options.secrets === undefined || options.secrets.fileReads.length === 0) return;
  followed.set(spec.tasks, new FollowedSecrets(spec, input, options));
}

/**
 * A loaded config with the credentials its secret files hold now: each file whose stat changed is
 * read again, and the spec made again when a text did (a failed re-read warns, and keeps the text
 * read before).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { loadConfig } from "./load.ts";
 * import { refreshSecrets } from "./secret_refresh.ts";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/token`, "first\n");
 * await Deno.writeTextFile(
 *   `${dir}/c.yaml`,
 *   "defaults: { headers: { X-Token: { file: token } } }\ntasks: [{ fetch: https://example.org/ }]\n",
 * );
 * const spec = await loadConfig(`${dir}/c.yaml`);
 * const onWarning = (message: string) => console.warn(message);
 * assertEquals(refreshSecrets(spec, { onWarning }), spec); // nothing changed: the same spec
 * await Deno.writeTextFile(`${dir}/token.new`, "second\n");
 * await Deno.rename(`${dir}/token.new`, `${dir}/token`); // as a rotation does
 * assertEquals(refreshSecrets(spec, { onWarning }).defaults.headers, { "X-Token": "second" });
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @param spec A spec `loadConfig` or `validateConfig` made, or a copy of one with other settings
 *   (`{ ...spec, bandwidth }`: they are kept).
 * @param options Where a failed re-read is told; how often a file is looked at.
 * @returns `spec` itself when no credential changed since it was made; else a copy whose settings'
 *   and tasks' credentials are the files' texts now. Any other spec, as it is.
 */
export function refreshSecrets(spec: ConfigSpec, options: RefreshOptions): ConfigSpec {
  const secrets = followed.get(spec.tasks);
  if (secrets === undefined) return spec;
  secrets.check(options);
  if (secrets.tasks === spec.tasks) return spec;
  return { ...spec, defaults: secrets.defaults, tasks: secrets.tasks };
}

/**
 * The config as its secret files hold it at each call: {@linkcode refreshSecrets} of the spec the
 * call before gave, for a process that sends requests all along (`corun worker`: the run's
 * `secretsNow`). Nothing is made again while no text changes: each call gives the same spec.
 *
 * @param spec A spec `loadConfig` or `validateConfig` made (or a copy with other settings).
 * @param options Where a failed re-read is told; how often a file is looked at (`recheckAfterMs`:
 *   a call is made per request).
 * @returns The config now, each call.
 */
export function followSecrets(spec: ConfigSpec, options: RefreshOptions): () => ConfigSpec {
  let latest = spec;
  return () => latest = refreshSecrets(latest, options);
}
