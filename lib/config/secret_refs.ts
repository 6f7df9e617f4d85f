/**
 * Credentials kept out of a config: `{ env: NAME }` and `{ file: PATH }` in the fields that carry
 * one (each header value, `auth.username`, `auth.password`, `auth.bearer`), read here and nowhere
 * else, when the config loads, so that every layer after the config's sees the text alone, as if
 * the config had held it. Each variable and file is read once per load however many fields name
 * it. A problem is a config error at the reference (`tasks[0].fetch.auth.bearer.env`) that names
 * the variable or the file, never the value. A load that sends nothing (`readSecrets: false`) reads
 * none: the spec names the fields instead, and cannot run (lib/tasks `secrets_not_read.ts`). A
 * process that outlives one run reads a file again when it changes, through the same reader and
 * checks (`rereadSecretFile`, for secret_refresh.ts).
 *
 * Not credentials here: URLs (a proxy's `user:password@` comes from the environment as curl reads
 * it, `https_proxy`; the database's from `--db` or `CORUN_DATABASE_URL`), and bodies (a body
 * holding a secret is a `body: { file }`).
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import { type ConfigPath, formatPath } from "./config_error.ts";
import { isAbsolute, resolve } from "./deps.ts";
import type { SecretInput, SecretRef } from "./input_types.ts";
import type { PathIssue } from "./path_issue.ts";
import { fileProblem } from "./referenced_files.ts";
import { bearerSchema, isRecord, passwordSchema, usernameSchema } from "./schema_fetch.ts";
import { headerValueSchema } from "./schema_values.ts";
import { isSecretRef, MAX_SECRET_FILE_BYTES, type SecretShape } from "./shape/mod.ts";
import { formatSize } from "./size.ts";
import { allowFlags, messageOf, readCappedSync } from "../loop/mod.ts";
import { mayReadEnv } from "../net/mod.ts";
import type { SecretsNotRead } from "../tasks/spec.ts";

/** The credential fields of `auth`, each with its rules. */
const AUTH_FIELDS: readonly (readonly [string, SecretShape])[] = [
  ["username", usernameSchema],
  ["password", passwordSchema],
  ["bearer", bearerSchema],
];

/**
 * Visits every field that holds a credential, set or not: the header values of `defaults`, of each
 * task and of each task's `fetch`, and the fields of each `fetch`'s `auth`. (`origins:` and
 * `notify:` take no headers.)
 *
 * @param input A raw config, valid or not.
 * @param visit Called with the field's value, its path (built only when asked: a large config has
 *   a hundred thousand tasks to walk) and the field's shape, whose rules a text read must keep.
 */
export function forEachSecretField(
  input: Record<string, unknown>,
  visit: (value: unknown, path: () => ConfigPath, shape: SecretShape) => void,
): void {
  const visitHeaders = (settings: Record<string, unknown>, at: () => ConfigPath) => {
    const headers = settings.headers;
    if (!isRecord(headers)) return;
    for (const name in headers) {
      if (!Object.hasOwn(headers, name)) continue;
      visit(headers[name], () => [...at(), "headers", name], headerValueSchema);
    }
  };
  if (isRecord(input.defaults)) visitHeaders(input.defaults, () => ["defaults"]);
  const tasks = Array.isArray(input.tasks) ? input.tasks : [];
  tasks.forEach((task: unknown, index: number) => {
    if (!isRecord(task)) return;
    visitHeaders(task, () => ["tasks", index]);
    const request = task.fetch;
    if (!isRecord(request)) return;
    const at = (): ConfigPath => ["tasks", index, "fetch"];
    visitHeaders(request, at);
    const auth = request.auth;
    if (!isRecord(auth)) return;
    for (const [key, shape] of AUTH_FIELDS) {
      if (auth[key] !== undefined) visit(auth[key], () => [...at(), "auth", key], shape);
    }
  });
}

/** A secret file as it was read: what it held, what it looked like, and who names it. */
export interface SecretFileRead {
  /** Absolute. */
  readonly path: string;
  /** As the config writes it (its first reference's), for messages. */
  readonly shown: string;
  /** Its text, as every field that names it takes it. */
  readonly text: string;
  /** Its `fileStamp` just before it was read. */
  readonly stamp: string;
  /** The references that name it (a YAML alias may give one to many fields). */
  readonly refs: ReadonlySet<SecretRef>;
  /** The shapes of the fields those are in, whose rules its text keeps. */
  readonly shapes: ReadonlySet<SecretShape>;
}

/**
 * The credentials a config's `{ env }` and `{ file }` name, as read when it loaded; and the files
 * they were read from, which no save of its run may replace (config_reads.ts, lib/tasks).
 */
export class Secrets {
  readonly #texts: ReadonlyMap<SecretRef, string>;
  /** The secret files read, absolute, each once. */
  readonly files: readonly string[];
  /** The same files, each as it was read. */
  readonly fileReads: readonly SecretFileRead[];
  /**
   * Set when none was read on purpose (`unreadSecrets`): every reference's text is
   * {@linkcode NOT_READ}, and the spec says so (`ConfigSpec.secretsNotRead`), which keeps it from
   * running.
   */
  readonly notRead: SecretsNotRead | undefined;

  /**
   * @param texts Each reference's text.
   * @param files The files read.
   * @param notRead The fields left unread, when none was read.
   */
  constructor(
    texts: ReadonlyMap<SecretRef, string>,
    files: readonly SecretFileRead[],
    notRead?: SecretsNotRead,
  ) {
    this.#texts = texts;
    this.fileReads = files;
    this.files = files.map((file) => file.path);
    this.notRead = notRead;
  }

  /**
   * These credentials, but for the files read again since (`secret_refresh.ts`).
   *
   * @param reread Files of these, each with its new text.
   * @returns New secrets: each reference to one of them has its new text.
   */
  withFiles(reread: readonly SecretFileRead[]): Secrets {
    const texts = new Map(this.#texts);
    const files = new Map(this.fileReads.map((file) => [file.path, file]));
    for (const file of reread) {
      for (const ref of file.refs) texts.set(ref, file.text);
      files.set(file.path, file);
    }
    return new Secrets(texts, [...files.values()]);
  }

  /**
   * The text of a credential field.
   *
   * @param value The field's value, as the config gave it (and the schema accepted).
   * @returns The text given, or the one its `{ env }` / `{ file }` holds ({@linkcode NOT_READ}
   *   when it was left unread).
   * @throws {TypeError} For a reference that was not read with these secrets (a bug).
   */
  text(value: SecretInput): string {
    if (typeof value === "string") return value;
    const text = this.notRead === undefined ? this.#texts.get(value) : NOT_READ;
    if (text === undefined) {
      throw new TypeError("Cannot use a credential's { env } or { file }: it was not read");
    }
    return text;
  }
}

/**
 * What a spec loaded without reading its credentials holds in their place: no value any of them
 * could have (a reader refuses an empty one), and never sent (the runner refuses such a spec).
 */
const NOT_READ = "";

/** How many fields `ConfigSpec.secretsNotRead` names; it counts the others. */
const NOT_READ_LISTED = 3;

/** The secrets of a config that keeps none out of it: every field holds its text. */
export const LITERAL_SECRETS: Secrets = new Secrets(new Map(), []);

/**
 * What reading one variable or file gave; a problem may name the variable otherwise than by its
 * name (`envNameShown`).
 */
type Reading = { text: string } | { problem: string; named?: string };

/**
 * Reads every `{ env }` and `{ file }` of a config.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { resolveSecrets } from "./secret_refs.ts";
 * Deno.env.set("CORUN_DOC_TOKEN", "t0k3n");
 * const bearer = { env: "CORUN_DOC_TOKEN" };
 * const input = { tasks: [{ fetch: { url: "https://example.org/", auth: { bearer } } }] };
 * const { issues, secrets } = resolveSecrets(input, "/srv");
 * assertEquals([issues, secrets.text(bearer)], [[], "t0k3n"]);
 * Deno.env.delete("CORUN_DOC_TOKEN");
 * assertEquals(resolveSecrets(input, "/srv").issues, [{
 *   path: ["tasks", 0, "fetch", "auth", "bearer", "env"],
 *   message: "cannot use the environment variable CORUN_DOC_TOKEN: it is not set",
 * }]);
 * ```
 *
 * @param input A raw config, valid or not (what the schema refuses is left to it).
 * @param baseDir Where a relative `{ file }` is, as a `body: { file }` is: the config's folder.
 * @returns One issue per field whose credential cannot be read or sent, at its `env` or `file`;
 *   and the texts read.
 */
export function resolveSecrets(
  input: unknown,
  baseDir: string,
): { issues: PathIssue[]; secrets: Secrets } {
  const issues: PathIssue[] = [];
  if (!isRecord(input)) return { issues, secrets: LITERAL_SECRETS };
  const texts = new Map<SecretRef, string>();
  const files = new Map<
    string,
    SecretFileRead & { refs: Set<SecretRef>; shapes: Set<SecretShape> }
  >();
  const readings = new Map<string, Reading>(); // by `env NAME` / `file PATH`: each read once
  const stamps = new Map<string, string>();
  forEachSecretField(input, (value, path, shape) => {
    if (!isSecretRef(value)) return; // a text, or what the schema refuses
    const source = value.env !== undefined ? "env" : "file";
    const file = value.file === undefined
      ? undefined
      : isAbsolute(value.file)
      ? value.file
      : resolve(baseDir, value.file);
    const key = file === undefined ? `env ${value.env}` : `file ${file}`;
    let reading = readings.get(key);
    if (reading === undefined) {
      if (file !== undefined) stamps.set(file, fileStamp(file)); // before: a change after is seen
      reading = file === undefined ? readEnv(value.env!) : readFile(file);
      readings.set(key, reading);
    }
    const problem = "problem" in reading ? reading.problem : shape.readProblem(reading.text);
    if (problem !== undefined) {
      const what = file !== undefined
        ? `the secret file ${quoteReceived(value.file!)}`
        : ("named" in reading ? reading.named : undefined) ??
          `the environment variable ${value.env}`;
      issues.push({ path: [...path(), source], message: `cannot use ${what}: ${problem}` });
      return;
    }
    const text = (reading as { text: string }).text;
    texts.set(value, text);
    if (file === undefined) return;
    let read = files.get(file);
    if (read === undefined) {
      const stamp = stamps.get(file)!;
      files.set(
        file,
        read = { path: file, shown: value.file!, text, stamp, refs: new Set(), shapes: new Set() },
      );
    }
    read.refs.add(value);
    read.shapes.add(shape);
  });
  if (texts.size === 0) return { issues, secrets: LITERAL_SECRETS };
  return { issues, secrets: new Secrets(texts, [...files.values()]) };
}

/**
 * Reads a secret file again, as `resolveSecrets` read it when the config loaded: the same reader
 * (size cap, UTF-8, the line break at its end) and its fields' rules (no control character but
 * tab; a user name's `:`).
 *
 * @param file The file, as it was read.
 * @returns Its text now; or what is wrong with it, and the shape of the field that refuses it when
 *   one does; never the text.
 */
export function rereadSecretFile(
  file: SecretFileRead,
): { text: string } | { problem: string; shape?: SecretShape } {
  const reading = readFile(file.path);
  if ("problem" in reading) return reading;
  for (const shape of file.shapes) {
    const problem = shape.readProblem(reading.text);
    if (problem !== undefined) return { problem, shape };
  }
  return reading;
}

/**
 * What a file looks like, as far as a stat tells (its mtime, size and inode, those of the file a
 * link names): a file replaced, renamed over or written to looks otherwise. A file that cannot be
 * stat'ed (gone mid-rotation) has a stamp of its own, the same while it stays so.
 *
 * @param path An absolute path.
 * @returns A text that changes when the file does.
 */
export function fileStamp(path: string): string {
  try {
    const { mtime, size, ino, dev } = Deno.statSync(path);
    return `${mtime?.getTime()} ${size} ${dev}:${ino}`;
  } catch (error) {
    return `unreadable: ${messageOf(error)}`;
  }
}

/**
 * Leaves every `{ env }` and `{ file }` of a config unread, for a command that does not send its
 * requests (`corun history`, `status`, `submit`, `schedule --db` / `--shared`): no variable or file is touched, so none needs to
 * be set, to exist, or to be allowed. The schema has checked each one's shape already (a
 * variable's name, a path), and a config from a URL is refused for giving one either way.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { unreadSecrets } from "./secret_refs.ts";
 * const bearer = { env: "CORUN_DOC_UNSET" };
 * const input = { tasks: [{ fetch: { url: "https://example.org/", auth: { bearer } } }] };
 * const secrets = unreadSecrets(input);
 * assertEquals(secrets.notRead, {
 *   fields: ["tasks[0].fetch.auth.bearer ({ env: CORUN_DOC_UNSET })"],
 *   count: 1,
 * });
 * assertEquals(secrets.text(bearer), "");
 * ```
 *
 * @param input A raw config, valid or not (what the schema refuses is left to it).
 * @returns Secrets whose every reference is {@linkcode NOT_READ}, naming the fields that give one;
 *   {@linkcode LITERAL_SECRETS} for a config that gives none.
 */
export function unreadSecrets(input: unknown): Secrets {
  if (!isRecord(input)) return LITERAL_SECRETS;
  const fields: string[] = [];
  let count = 0;
  forEachSecretField(input, (value, path) => {
    if (!isSecretRef(value)) return;
    count++;
    if (fields.length === NOT_READ_LISTED) return; // counted, its path not built
    // Unread, a variable is not known to be set: a name like a credential is kept back.
    const source = value.env === undefined
      ? `{ file: ${quoteReceived(value.file!)} }`
      : envNameShown(value.env)
      ? `{ env: ${value.env} }`
      : `{ env }, ${NAME_NOT_SHOWN}`;
    fields.push(`${formatPath(path())} (${source})`);
  });
  return count === 0 ? LITERAL_SECRETS : new Secrets(new Map(), [], { fields, count });
}

/** The longest name of a variable shown with lower case letters in it (see `envNameShown`). */
const MAX_SHOWN_LOWER_CASE_NAME = 20;

/** How a problem names a variable whose name `envNameShown` keeps back. */
const NAME_NOT_SHOWN = "the variable named at this field (not shown: it looks like a credential, " +
  "not a variable's name)";

/**
 * Whether a problem may name a variable that is not set or may not be read. Names are short and
 * upper case by convention (`API_TOKEN`); a long one with lower case letters (`ghp_16C7…`,
 * `sk_live_…`) is likelier the credential itself, written where its variable's name belongs,
 * which the schema cannot tell from a name. A variable that is set is one: its name is shown.
 *
 * @param name The name `{ env }` gives.
 * @returns False for a name longer than 20 characters with a lower case letter.
 */
function envNameShown(name: string): boolean {
  return name.length <= MAX_SHOWN_LOWER_CASE_NAME || !/[a-z]/.test(name);
}

/** A variable's value; asked without a prompt, as every permission is. */
function readEnv(name: string): Reading {
  const allowed = mayReadEnv(name);
  const text = allowed ? Deno.env.get(name) : undefined;
  if (text === undefined) {
    if (!envNameShown(name)) {
      const problem = allowed
        ? "it is not set"
        : "corun may not read it; write the variable's name here, then allow it with " +
          allowFlags("env", ["NAME"]);
      return { problem, named: NAME_NOT_SHOWN };
    }
    return {
      problem: allowed
        ? "it is not set"
        : `corun may not read it: start it with ${allowFlags("env", [name])}`,
    };
  }
  if (text === "") return { problem: "it is empty" };
  return { text };
}

/**
 * A secret file's text: UTF-8 (a byte order mark left out), without the one line break that ends
 * it (`echo`, an editor's last line, `/run/secrets/NAME` as Docker writes it).
 */
function readFile(path: string): Reading {
  const problem = fileProblem(path);
  if (problem !== undefined) return { problem };
  let bytes: Uint8Array | undefined;
  try {
    using file = Deno.openSync(path, { read: true });
    bytes = readCappedSync(file, MAX_SECRET_FILE_BYTES);
  } catch (error) {
    return { problem: messageOf(error) };
  }
  if (bytes === undefined) {
    return {
      problem: `it is larger than ${formatSize(MAX_SECRET_FILE_BYTES)}, the most a secret file ` +
        "is read (a fixed limit: a credential is one header line); is it the right file?",
    };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { problem: "it is not UTF-8 text" };
  }
  text = text.replace(/\r?\n$/, "");
  if (text === "") return { problem: "it is empty" };
  return { text };
}
