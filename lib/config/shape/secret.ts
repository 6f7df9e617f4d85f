/**
 * Credentials (a password, a bearer token, a header value): texts without a control character
 * other than tab (what a request header may not carry, lib/http's rule), whose
 * problems never quote them, or a reference to where the text is kept out of the config:
 * `{ env: NAME }` (an environment variable) or `{ file: PATH }` (a file), read when the config
 * loads (`secret_refs.ts`). A config error goes to a terminal, a CI log, a `--log` file; it says
 * what is wrong and where, and leaves the value out.
 * @module
 */
import { CREDENTIAL_NOT_SHOWN } from "../credential_place.ts";
import { describeValue } from "../describe.ts";
import { formatSize } from "../../loop/mod.ts";
import { HEADER_TEXT_CONTROLS } from "../../http/mod.ts";
import type { SecretInput, SecretRef } from "../input_types.ts";
import { envReferenceProblem, NO_ENV_REFERENCE } from "../env_reference.ts";
import { LOCAL_PATH_JSON, localPathProblem } from "../local_path.ts";
import { closestMatch } from "../suggest.ts";
import type { CheckRun } from "./check_run.ts";
import type { JsonSchemaWriter } from "./json_schema.ts";
import { strictObject } from "./object.ts";
import { isPlainObject } from "./record.ts";
import { type JsonSchema, Shape } from "./shape.ts";
import { string } from "./string.ts";

/**
 * No control character but tab (C1 included: lib/http's `HEADER_TEXT_CONTROLS`): a credential (or a
 * user name) goes into a header line (RFC 7617 refuses them in a user name and a password too).
 */
export const HEADER_TEXT = new RegExp(`^[^${HEADER_TEXT_CONTROLS}]*$`);

/** A text whose only control character is a line break at its end. */
const LINE_BREAK_AT_END = new RegExp(`^[^${HEADER_TEXT_CONTROLS}]*\\r?\\n$`);

/** How a problem says what a credential may not hold. */
const CONTROLS_REFUSED = "control characters other than tab";

/**
 * The largest secret file read: 64 KiB. A fixed limit: a credential is one header line, and
 * servers refuse a whole request head far smaller (8 to 64 KiB); a larger file is the wrong one.
 */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

/** An environment variable's name as a shell writes one: letters, digits and `_`, no digit first. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const ENV_NAME_EXPECTED = "the name of an environment variable (letters, digits and _, not a " +
  "digit first)";

/**
 * What is wrong with the name of `{ env: NAME }`. A name written the shell's way (`$TOKEN`,
 * `${TOKEN}`) is shown with what to write; any other is not shown: it may be the secret itself,
 * written where its variable's name belongs.
 */
function envNameProblem(name: string): string | undefined {
  if (ENV_NAME.test(name)) return undefined;
  const bare = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(name)?.[1];
  if (bare !== undefined) {
    return `expected ${ENV_NAME_EXPECTED}, got "${name}": write ${bare} alone`;
  }
  if (name === "") return `expected ${ENV_NAME_EXPECTED}, got ""`;
  return `expected ${ENV_NAME_EXPECTED}, got a text that is none (${CREDENTIAL_NOT_SHOWN})`;
}

/** `{ env }` or `{ file }`, one of them. */
function checkOneSource(ref: Record<string, unknown>, run: CheckRun): void {
  if (ref.env !== undefined && ref.file !== undefined) {
    run.fail("a credential comes from { env: NAME } or { file: PATH }, not both");
  } else if (ref.env === undefined && ref.file === undefined) {
    run.fail(
      'a credential kept out of the config needs "env" (an environment variable\'s name) or ' +
        '"file" (a file\'s path, relative to the config file)',
    );
  }
}

/** The keys of `{ env: NAME }` and `{ file: PATH }`. */
const SOURCE_KEYS: readonly string[] = ["env", "file"];

/** `{ env: NAME }` or `{ file: PATH }`: one shape, one `$defs` entry, for every credential field. */
const secretRefShape = strictObject({
  env: string(ENV_NAME_EXPECTED).check(envNameProblem, { json: { pattern: ENV_NAME.source } })
    .optional().describe("An environment variable whose value is the credential."),
  file: string("a file path").nonEmpty().check(localPathProblem, { json: LOCAL_PATH_JSON })
    .optional().describe(
      "A file (relative to the config file) whose contents are the credential, one line break at " +
        `its end left out; at most ${formatSize(MAX_SECRET_FILE_BYTES)}.`,
    ),
}, "a credential's source { env: NAME } or { file: PATH }").check(checkOneSource).meta({
  id: "SecretRef",
  description: "A credential kept out of the config, read when it loads: { env: NAME } (an " +
    "environment variable) or { file: PATH } (a file, relative to the config file). Not in a " +
    "config read from a URL.",
  oneOf: [{ required: ["env"] }, { required: ["file"] }],
});

/**
 * Whether a value is a well-formed `{ env }` or `{ file }` (one of them, a variable's name, a
 * path); what the schema refuses is not one. A key whose value is undefined is not given, as the
 * schema takes it: `{ env: "TOKEN", file: undefined }` (a TypeScript config's spread) is a reference.
 *
 * @param value Anything.
 * @returns True for a reference that can be read.
 */
export function isSecretRef(value: unknown): value is SecretRef {
  if (!isPlainObject(value)) return false;
  const { env, file } = value;
  let given = 0;
  for (const key in value) if (Object.hasOwn(value, key) && value[key] !== undefined) given++;
  return given === 1 &&
    (typeof env === "string"
      ? ENV_NAME.test(env)
      : typeof file === "string" && file !== "" && localPathProblem(file) === undefined);
}

/** A rule of one credential field beside control characters (a user name's `:`). */
export interface SecretRule {
  /** True when the text breaks the rule. */
  breaks(text: string): boolean;
  /** What is wrong, without the text: `a basic-auth user name cannot contain ":"`. */
  message: string;
}

/** Options of `secret`. */
export interface SecretOptions {
  /** Refuse the empty text (a bearer token). @default false */
  nonEmpty?: boolean;
  /** A rule of the field's own, checked of the text given and of the text read alike. */
  rule?: SecretRule;
}

/** A credential: a text without control characters but tab, never quoted in a problem, or `{ env }` / `{ file }`. */
export class SecretShape extends Shape<SecretInput> {
  /** What the credential is, for `expected <what>, got …`. */
  readonly what: string;
  /** The empty text is refused. */
  readonly nonEmpty: boolean;
  /** The field's own rule, if any. */
  readonly rule: SecretRule | undefined;

  /**
   * @param what What the credential is, for messages.
   * @param nonEmpty Whether the empty text is refused.
   * @param rule A rule of the field's own.
   */
  constructor(what: string, nonEmpty: boolean, rule?: SecretRule) {
    super();
    this.what = what;
    this.nonEmpty = nonEmpty;
    this.rule = rule;
  }

  validate(value: unknown, run: CheckRun): boolean {
    if (isPlainObject(value)) return this.validateRef(value, run);
    if (typeof value !== "string") {
      run.fail(`expected ${this.what}, got ${kindOf(value)}`, "skip");
      return false;
    }
    if (this.nonEmpty && value === "") {
      run.fail(`expected ${this.what}, got ""`);
      return false;
    }
    if (!HEADER_TEXT.test(value)) {
      run.fail(`expected ${this.what} without ${CONTROLS_REFUSED}, got ${lineBreakOf(value)}`);
      return false;
    }
    if (this.rule?.breaks(value)) {
      run.fail(this.rule.message);
      return false;
    }
    const reference = envReferenceProblem(value, true); // names the variable only, never the value
    if (reference !== undefined) {
      run.fail(`expected ${this.what}, but ${reference}`);
      return false;
    }
    return true;
  }

  /**
   * A table where the credential goes: `{ env }` or `{ file }`, or a map that is no reference. A key
   * that is neither may be the secret itself (YAML reads `{ sk-live-9999 }`, an unquoted
   * `{$TOKEN}` a shell filled in, as a map with that key): the table is refused at the field,
   * its keys not shown, unless one is a misspelt `env` or `file` (`evn`), which the reference's
   * own "did you mean" names.
   */
  private validateRef(value: Record<string, unknown>, run: CheckRun): boolean {
    for (const key in value) {
      if (!Object.hasOwn(value, key) || SOURCE_KEYS.includes(key)) continue;
      if (closestMatch(key, SOURCE_KEYS) !== undefined) continue;
      run.fail(
        `expected ${this.what}, got a map with a key other than "env" or "file" (${CREDENTIAL_NOT_SHOWN}); ` +
          'in YAML { … } is a map: quote a text that starts with "{", or write { env: NAME } or ' +
          "{ file: PATH }",
        "skip",
      );
      return false;
    }
    return secretRefShape.validate(value, run);
  }

  /**
   * What is wrong with a credential read from a variable or a file (`secret_refs.ts`), which an
   * empty text never is (the reader refuses it first), without the text.
   *
   * @param text The text read.
   * @returns `it holds control characters …`, the field's rule, or undefined when it can be sent.
   */
  readProblem(text: string): string | undefined {
    if (!HEADER_TEXT.test(text)) {
      return `it holds ${CONTROLS_REFUSED} (${CREDENTIAL_NOT_SHOWN}), which a header cannot carry`;
    }
    return this.rule?.breaks(text) ? this.rule.message : undefined;
  }

  isKind(value: unknown): boolean {
    return typeof value === "string" || isPlainObject(value);
  }

  protected structure(writer: JsonSchemaWriter): JsonSchema {
    const text: JsonSchema = { type: "string" };
    if (this.nonEmpty) text.minLength = 1;
    // No control character but tab, and no `${NAME}` (envReferenceProblem), for editors too.
    text.pattern = `^${NO_ENV_REFERENCE}[^${HEADER_TEXT_CONTROLS}]*$`;
    return { anyOf: [text, secretRefShape.toJsonSchema(writer)] };
  }
}

/**
 * A value that is neither a text nor a plain table, as `describeValue` says it, but by its kind
 * alone where the value may be the secret itself (a number, a date); an object of a class by its
 * class (a URL), and a promise with what to do (a TypeScript config that forgot an `await`).
 */
function kindOf(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") {
    return `a number (${CREDENTIAL_NOT_SHOWN}; quote it: "…")`;
  }
  if (value instanceof Date) return `a date (${CREDENTIAL_NOT_SHOWN}; quote it: "…")`;
  if (value instanceof Promise) {
    return "a promise (await it where the config is built: corun awaits only the default export)";
  }
  const shown = describeValue(value);
  const className = shown === "an object" ? classNameOf(value) : undefined;
  if (className !== undefined) return `an object of class ${className}`;
  // A function is named by its kind as before ("function", where describeValue says "a function").
  return typeof value === "function" ? "function" : shown;
}

/** The name of an object's class (a constructor names code, never data), if it has one. */
function classNameOf(value: unknown): string | undefined {
  const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)
    ?.constructor?.name;
  return typeof name === "string" && /^[A-Za-z_$][\w$]*$/.test(name) ? name : undefined;
}

/** Where a credential's line break is, without the credential. */
function lineBreakOf(value: string): string {
  if (LINE_BREAK_AT_END.test(value)) {
    // The likeliest way to get one: YAML's "|" keeps the block's last line break, "|-" drops it.
    const hint = "a YAML | block ends with one, |- does not";
    return `a text with a line break at its end (${CREDENTIAL_NOT_SHOWN}; ${hint})`;
  }
  return `a text with one (${CREDENTIAL_NOT_SHOWN})`;
}

/**
 * A credential: a text without control characters but tab that no problem quotes, or where it is
 * kept (`{ env: NAME }`, `{ file: PATH }`).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { CheckRun } from "./check_run.ts";
 * import { secret } from "./secret.ts";
 * const run = new CheckRun();
 * secret("a password").validate("s3cret\r\nX: 1", run);
 * secret("a password").validate({ env: "PASSWORD", file: "pw.txt" }, run);
 * assertEquals(run.issues.map((issue) => issue.message), [
 *   "expected a password without control characters other than tab, got a text with one " +
 *   "(not shown: it may be a credential)",
 *   "a credential comes from { env: NAME } or { file: PATH }, not both",
 * ]);
 * ```
 *
 * @param what What the credential is, for `expected <what>, got …`.
 * @param options `nonEmpty`: refuse the empty text (a bearer token); `rule`: one of the field's own.
 * @returns The shape.
 */
export function secret(what: string, options: SecretOptions = {}): SecretShape {
  return new SecretShape(what, options.nonEmpty ?? false, options.rule);
}
