/**
 * Path templates such as `"{host}/{path}"` or `"{name}/{date}/{uuid}.{ext}"`: where a fetched body is
 * saved, relative to the output directory. `{filename}` is the name the server gives the download
 * (Content-Disposition), else the last segment of the URL it came from.
 *
 * Numbered placeholders `{1}`..`{99}` are the text each glob of a URL pattern matched
 * (`https://x.org/{en,de}/[1-9].html` saved as `"{1}/page-{2}.html"`).
 *
 * Every placeholder value is sanitised into safe relative path segments, so a hostile URL cannot choose
 * a path outside the output directory; `ConfinedDir` (confined_dir.ts) is the second, final guard.
 * @module
 */
import { brandClass, closestName, escapeRegExp, headOf, tailOf } from "../loop/mod.ts";
import {
  downloadFileName,
  finishedName,
  hasUnseenInName,
  isBidiControl,
  isUnseenInName,
  safeSegment,
  sanitizeNamePart,
  urlPathSegments,
} from "./sanitize.ts";
import { extensionOfMediaType } from "./media_types.ts";
import { isWorkingName } from "../http/temp_name.ts";

/** The named placeholders a path template may use (besides the numbered `{1}`..`{99}`). */
export const PLACEHOLDERS = [
  "host",
  "path",
  "name",
  "uuid",
  "date",
  "ext",
  "sha256",
  "filename",
] as const;

/** One placeholder name, without braces. */
export type Placeholder = typeof PLACEHOLDERS[number];

/** What a path template is rendered from. */
export interface TemplateVars {
  /**
   * The URL `{host}`, `{path}` and `{ext}` come from (a fetch passes its URL as asked for, or where
   * a redirect that only added a `/` to its path landed).
   */
  url: URL | string;
  /** The task's name. */
  name: string;
  /** When the run started; `{date}` is its UTC day. @default new Date() */
  date?: Date;
  /** The response's Content-Type, used for `{ext}` when the URL path has no extension. */
  contentType?: string | null;
  /** What `{ext}` is, instead of the URL's or the Content-Type's (a previous save's, to compare). */
  ext?: string;
  /** Value of `{uuid}`; pass the same one to both passes of a two-pass render. @default crypto.randomUUID() */
  uuid?: string;
  /** Lower-case hex SHA-256 of the body; required when the template uses `{sha256}`. */
  sha256?: string;
  /**
   * The file name the response gives (its Content-Disposition's), as the server wrote it: `{filename}`
   * is its last part made safe (see `downloadFileName`); without one, the last segment of `url`'s
   * path. A fetch passes the name it decided from the response (`savedFileName`), a redirect's
   * final URL included.
   */
  filename?: string;
  /**
   * What each glob of the task's URL pattern matched: `{1}` is `parts[0]`. Required up to the highest
   * numbered placeholder the template uses.
   */
  parts?: string[];
}

/** A path template that cannot be parsed or would not stay inside the output directory. */
export class TemplateError extends SyntaxError {
  /** The template as written. */
  readonly template: string;
  /** 1-based column of the problem within the template. */
  readonly column: number;

  /**
   * Creates the error; the message names the template and the column.
   * @param template The template as written.
   * @param column 1-based column of the problem.
   * @param problem What is wrong, without the template (it is added to the message).
   */
  constructor(template: string, column: number, problem: string) {
    super(`Cannot use path template ${JSON.stringify(template)} (column ${column}): ${problem}`);
    this.name = "TemplateError";
    this.template = template;
    this.column = column;
  }
}

/**
 * A save path with a file or folder name longer than file systems take (`MAX_NAME_BYTES`): a
 * template and a URL together, where neither alone is too long, or a `ctx.write` path. Said before
 * any file is opened, with the name and the limit, in place of the system's `File name too long`
 * (which names a temporary file).
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { NameTooLongError, run, task } from "@corun/corun";
 * const outDir = await Deno.makeTempDir();
 * const title = "A very long title, ".repeat(20); // 380 bytes: too long for a file name
 * const saved: string[] = [];
 * await run({
 *   tasks: [task("titles", function* (ctx) {
 *     try {
 *       saved.push(yield* ctx.write(`${title}.txt`, title));
 *     } catch (error) {
 *       if (!(error instanceof NameTooLongError)) throw error;
 *       // Shortened by whole characters: a cut inside an emoji leaves half of it, which is refused.
 *       const short = [...title].slice(0, 100).join("");
 *       saved.push(yield* ctx.write(`${short}….txt`, title));
 *     }
 *   })],
 * }, { outDir });
 * await Deno.remove(outDir, { recursive: true });
 * assertEquals(saved, [`${outDir}/${title.slice(0, 100)}….txt`]); // all of one code unit here
 * ```
 */
export class NameTooLongError extends Error {
  static {
    brandClass(this, "NameTooLongError");
  }

  /** Stable code. */
  readonly code = "NAME_TOO_LONG";
  /** The name rendered, whole. */
  readonly renderedName: string;

  /**
   * Makes the refusal of a path with a name too long, said before any file is opened.
   *
   * @param message What could not be saved, and the name ({@linkcode longNameText}).
   * @param name The name that is too long.
   */
  constructor(message: string, name: string) {
    super(message);
    this.name = "NameTooLongError";
    this.renderedName = name;
  }
}

/**
 * The first file or folder name of a path longer than file systems take.
 *
 * @param segments The path's names.
 * @returns That name and its length in UTF-8 bytes, or undefined when every name fits.
 */
export function longNameIn(
  segments: readonly string[],
): { name: string; bytes: number } | undefined {
  for (const name of segments) {
    // Three bytes a code unit at most: a short name needs no count.
    if (name.length * 3 <= MAX_NAME_BYTES) continue;
    const bytes = utf8Length(name);
    if (bytes > MAX_NAME_BYTES) return { name, bytes };
  }
  return undefined;
}

/**
 * The length of a path longer than the system takes (`MAX_PATH_BYTES`), though each of its names
 * fits: a long URL's many segments under `{path}`.
 *
 * @param path A relative path, as rendered (the output directory before it makes it longer still).
 * @returns Its length in UTF-8 bytes when too long, else undefined.
 */
export function longPathBytes(path: string): number | undefined {
  // Three bytes a code unit at most: a short path needs no count.
  if (path.length * 3 <= MAX_PATH_BYTES) return undefined;
  const bytes = utf8Length(path);
  return bytes > MAX_PATH_BYTES ? bytes : undefined;
}

/**
 * Says a path is too long, shortened in the middle.
 *
 * @param path The path.
 * @param bytes Its length in UTF-8 bytes ({@linkcode longPathBytes}).
 * @returns `the path "d00/d01/…/end" of 10903 bytes, more than the 4095 a path may have`.
 */
export function longPathText(path: string, bytes: number): string {
  return `the path ${JSON.stringify(shortened(path))} of ${bytes} bytes, more than the ` +
    `${MAX_PATH_BYTES} a path may have`;
}

/**
 * Says a name is too long, shortened in the middle when long.
 *
 * @param name The name.
 * @param bytes Its length in UTF-8 bytes.
 * @returns `the name "aaa…bbb" of 300 bytes, more than the 255 a file name may have`.
 */
export function longNameText(name: string, bytes: number): string {
  return `the name ${JSON.stringify(shortened(name))} of ${bytes} bytes, more than the ` +
    `${MAX_NAME_BYTES} a file name may have`;
}

/** A long text's start and end: enough to recognise it. */
export function shortened(text: string): string {
  return text.length <= 80 ? text : `${headOf(text, 50)}…${tailOf(text, 20)}`;
}

type Part =
  | { kind: "text"; text: string; column: number }
  | { kind: "placeholder"; name: Placeholder; column: number }
  | { kind: "part"; number: number; column: number };

const KNOWN = new Set<string>(PLACEHOLDERS);
const KNOWN_LIST = PLACEHOLDERS.map((name) => `{${name}}`).join(", ") + ", {1}..{99}";
/** Highest numbered placeholder: two digits. */
const MAX_PART = 99;

/**
 * Checks a template at config time and returns every problem found (an empty list when it is usable).
 *
 * @example
 * ```ts
 * import { validatePathTemplate } from "./path_template.ts";
 * validatePathTemplate("{host}/{pth}")[0].column; // 8
 * ```
 * @param template The template as written in the config.
 * @returns One `TemplateError` per problem, in template order.
 */
export function validatePathTemplate(template: string): TemplateError[] {
  // A list line's own name ("0.html"), checked for every line: nothing to parse.
  return isPlainFileName(template) ? [] : parse(template).problems;
}

/**
 * Tells whether a template uses `{sha256}`, which is only known once the whole body has been read.
 *
 * Such a template is rendered in two passes: the body is written to a temporary file first, and the
 * final path is rendered (with the same `uuid`) once the digest is known.
 * @param template The template as written.
 * @returns `true` when rendering needs `vars.sha256`.
 * @throws {TemplateError} When the template is invalid.
 */
export function templateNeedsDigest(template: string): boolean {
  return !isPlainFileName(template) &&
    parseOrThrow(template).some((part) => part.kind === "placeholder" && part.name === "sha256");
}

/**
 * Tells whether a template uses `{filename}`, which is known only once the response head is in.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { templateNeedsFileName } from "./path_template.ts";
 * assertEquals(templateNeedsFileName("dl/{filename}"), true);
 * assertEquals(templateNeedsFileName("{host}/{path}"), false);
 * ```
 * @param template The template as written.
 * @returns `true` when rendering takes `vars.filename` (else the URL's last segment).
 */
export function templateNeedsFileName(template: string): boolean {
  // Braces are only placeholders: the text names no other.
  return template.includes("{filename}");
}

/**
 * The highest numbered placeholder (`{1}`..`{99}`) a template uses, so a config can say "save uses
 * {3} but the pattern has 2 globs" before anything runs. Problems in the rest of the template are
 * left to `validatePathTemplate`.
 *
 * @example
 * ```ts
 * import { highestPartPlaceholder } from "./path_template.ts";
 * highestPartPlaceholder("{1}/{3}-{name}.html"); // 3
 * ```
 * @param template The template as written.
 * @returns The highest number used, or 0 when the template uses none.
 */
export function highestPartPlaceholder(template: string): number {
  if (isPlainFileName(template)) return 0;
  let highest = 0;
  for (const part of parse(template).parts) {
    if (part.kind === "part" && part.number > highest) highest = part.number;
  }
  return highest;
}

/**
 * Renders a template into a relative path with `/` separators.
 *
 * @example
 * ```ts
 * import { renderPathTemplate } from "./path_template.ts";
 * renderPathTemplate("{host}/{path}", { url: "https://example.com:8443/a/", name: "t" });
 * // "example.com_8443/a/index"
 * ```
 * @param template The template as written.
 * @param vars The values placeholders are filled from.
 * @returns A relative path made of safe segments (no `.` or `..`, no empty segments).
 * @throws {TemplateError} When the template is invalid.
 * @throws {TypeError} When the URL cannot be parsed, `{sha256}` is used and `vars.sha256` is not a
 * hex SHA-256 digest, or `{n}` is used and `vars.parts` has fewer than n parts.
 * @throws {NameTooLongError} When a file or folder name renders longer than 255 UTF-8 bytes, or
 * the whole path longer than the system takes (4095 bytes on Linux).
 */
export function renderPathTemplate(template: string, vars: TemplateVars): string {
  // A list line's own name ("0.html"): itself, with nothing parsed or built (several workers'
  // names come in turns, so the last parse below is rarely this one's).
  if (isPlainFileName(template)) return isWorkingName(template) ? `_${template}` : template;
  const parts = parseOrThrow(template);
  // Parsed only when a placeholder needs it: a literal template ("0.html") costs no URL parse.
  let url: URL | undefined;
  const urlOf = () => url ??= typeof vars.url === "string" ? new URL(vars.url) : vars.url;
  let out = "";
  // The segments that hold a glob's match: each is finished as a whole name once it is rendered.
  let partSegments: Set<number> | undefined;
  for (const part of parts) {
    if (part.kind === "part") {
      (partSegments ??= new Set()).add(separatorsIn(out));
      out += partValue(part.number, vars, template);
    } else {
      out += part.kind === "text" ? part.text : placeholderValue(part.name, urlOf, vars, template);
    }
  }
  const segments = partSegments === undefined
    ? out.split("/").filter((segment) => segment !== "" && segment !== ".")
    : out.split("/").flatMap((segment, index) =>
      partSegments.has(index)
        ? [finishedName(segment)]
        : segment === "" || segment === "."
        ? []
        : [segment]
    );
  if (segments.length === 0 || segments.includes("..")) {
    // Unreachable with sanitised values and a validated template; kept as a cheap last check.
    throw new TemplateError(template, 1, `the rendered path "${out}" is not a file path`);
  }
  // A name of corun's working files would be swept by a later run: it gets a "_" before it, as a
  // Windows device name does.
  const last = segments.length - 1;
  if (isWorkingName(segments[last])) segments[last] = `_${segments[last]}`;
  const long = longNameIn(segments);
  if (long !== undefined) {
    const url = typeof vars.url === "string" ? vars.url : vars.url.href;
    throw new NameTooLongError(
      `Cannot save ${url} as ${JSON.stringify(template)}: it renders ${
        longNameText(long.name, long.bytes)
      }; put what makes it long in a folder of its own ("{path}/{name}.html", not ` +
        '"{path}-{name}.html")',
      long.name,
    );
  }
  const path = segments.join("/");
  const pathBytes = longPathBytes(path);
  if (pathBytes !== undefined) {
    const url = typeof vars.url === "string" ? vars.url : vars.url.href;
    // A name given whole (a list line's, an enqueue's) is the path itself: said once, shortened.
    const given = !template.includes("{");
    throw new NameTooLongError(
      `Cannot save ${url} as ${JSON.stringify(shortened(template))}: ${
        given ? "it is" : "it renders"
      } ${longPathText(path, pathBytes)}; ${
        given
          ? "give it a shorter save name"
          : "save it under a shorter template (without {path}, or with {sha256} or {uuid} in its place)"
      }`,
      path,
    );
  }
  return path;
}

/**
 * What `{date}` renders for a moment: its UTC day.
 *
 * @param date The moment (a run's start).
 * @returns The day, `2026-12-07`.
 */
export function renderedDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Whether `path` is one `template` renders from `vars`, whatever the response or chance makes of
 * `{ext}` (any extension), `{uuid}` (any uuid) and `{filename}` (any name): a previous save's path
 * against a fetch's template, to tell whether the fetch would save where that one did. Every other
 * placeholder is rendered from `vars`; a `{sha256}` without `vars.sha256` matches nothing.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { templateCouldRender } from "./path_template.ts";
 * const vars = { url: "https://x.org/report", name: "t" };
 * assertEquals(templateCouldRender("{name}/{path}.{ext}", vars, "t/report.pdf"), true);
 * assertEquals(templateCouldRender("{name}/{path}.{ext}", vars, "t/other.pdf"), false);
 * ```
 * @param template The template as written.
 * @param vars What the other placeholders are rendered from; its `ext`, `uuid` and `filename` are
 * not used.
 * @param path A relative path with `/` separators, as `renderPathTemplate` renders.
 * @returns `true` when some `{ext}`, `{uuid}` and `{filename}` render `template` as `path`.
 */
export function templateCouldRender(template: string, vars: TemplateVars, path: string): boolean {
  const hasExt = template.includes("{ext}");
  const hasUuid = template.includes("{uuid}");
  const hasFileName = templateNeedsFileName(template);
  let rendered: string;
  try {
    rendered = renderPathTemplate(template, {
      ...vars,
      ext: hasExt ? EXT_MARK : undefined,
      uuid: hasUuid ? UUID_MARK : undefined,
      filename: hasFileName ? FILE_NAME_MARK : undefined,
    });
  } catch {
    return false; // a {sha256} without the digest: no path is known to be the template's
  }
  if (!hasExt && !hasUuid && !hasFileName) return rendered === path;
  const pattern = escapeRegExp(rendered)
    .replaceAll(EXT_MARK, EXT_FORM)
    .replaceAll(UUID_MARK, UUID_FORM)
    .replaceAll(FILE_NAME_MARK, FILE_NAME_FORM);
  return new RegExp(`^${pattern}$`).test(path);
}

/**
 * A stand-in for `{uuid}` where a name's shape counts, not its random part (`templateCouldRender`,
 * and a fetch's save name before its body is read): letters and digits, which no sanitising changes.
 */
export const UUID_MARK = "corunuuidmark0";

/** Stand-ins for `{ext}` and `{filename}` in `templateCouldRender`, as {@linkcode UUID_MARK}. */
const EXT_MARK = "corunextmark0";
const FILE_NAME_MARK = "corunfilenamemark0";

/** The UTF-8 length of a text. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) bytes += utf8Bytes(text.charCodeAt(i));
  return bytes;
}

/** How many `/` a text holds. */
function separatorsIn(text: string): number {
  let count = 0;
  for (let at = text.indexOf("/"); at !== -1; at = text.indexOf("/", at + 1)) count++;
  return count;
}

/**
 * `{n}`: what glob n matched, cleaned (never a separator), as curl's `#n` gives it inside a name:
 * an empty match adds nothing, a dot stays. Its segment is finished whole (`finishedName`): `_`
 * when empty, no trailing dot, never `..`.
 */
function partValue(number: number, vars: TemplateVars, template: string): string {
  const value = vars.parts?.[number - 1];
  if (value === undefined) {
    const given = vars.parts?.length ?? 0;
    throw new TypeError(
      `Cannot render path template "${template}": {${number}} needs the text glob ${number} of the ` +
        `URL pattern matched, but ${
          given === 0
            ? "there are no globs"
            : `there ${given === 1 ? "is 1 glob" : `are ${given} globs`}`
        }`,
    );
  }
  return sanitizeNamePart(value);
}

function placeholderValue(
  name: Placeholder,
  urlOf: () => URL,
  vars: TemplateVars,
  template: string,
): string {
  switch (name) {
    case "host": {
      const url = urlOf();
      // A fully qualified name's trailing dot (`example.com.`) is left out with a port as without
      // one (where `safeSegment` drops it, as Windows would): one folder for the host either way.
      const host = url.hostname.endsWith(".") ? url.hostname.slice(0, -1) : url.hostname;
      return safeSegment(url.port === "" ? host : `${host}_${url.port}`);
    }
    case "path":
      return urlPathSegments(urlOf().pathname).join("/");
    case "name":
      return safeSegment(vars.name);
    case "uuid":
      return safeSegment(vars.uuid ?? crypto.randomUUID());
    case "date":
      return renderedDate(vars.date ?? new Date());
    case "ext":
      return vars.ext ?? extensionOf(urlOf().pathname, vars.contentType);
    case "sha256":
      if (vars.sha256 === undefined || !/^[0-9a-f]{64}$/.test(vars.sha256)) {
        throw new TypeError(
          `Cannot render path template "${template}": {sha256} needs the body's hex SHA-256 digest, got ${
            vars.sha256 === undefined ? "none" : `"${vars.sha256}"`
          }`,
        );
      }
      return vars.sha256;
    case "filename":
      return downloadFileName(vars.filename, urlOf().pathname);
  }
}

/**
 * What `{ext}` renders: a short extension of letters and digits in lower case (a URL's, lowered;
 * every one of the media type table's is written so).
 */
const EXT_FORM = "[a-z0-9]{1,10}";
/** An extension of a URL that `{ext}` takes, in either case. */
const URL_EXTENSION = new RegExp(`^${EXT_FORM}$`, "i");
/** What `{uuid}` renders: `crypto.randomUUID()`'s 36 lower-case hex digits and dashes. */
const UUID_FORM = "[0-9a-f-]{36}";
/** What `{filename}` renders: one name, whatever the server chose. */
const FILE_NAME_FORM = "[^/]+";

/** `{ext}`: the URL's last segment's extension (short, alphanumeric), else one from the media type. */
function extensionOf(pathname: string, contentType: string | null | undefined): string {
  if (!pathname.endsWith("/")) {
    const segments = urlPathSegments(pathname);
    const last = segments[segments.length - 1] ?? "";
    const dot = last.lastIndexOf(".");
    const ext = dot > 0 ? last.slice(dot + 1) : "";
    if (URL_EXTENSION.test(ext)) return ext.toLowerCase();
  }
  return extensionOfMediaType(contentType) ?? "bin";
}

/** The last template parsed: saving a body asks about its template twice in a row. */
let lastParsed: { template: string; parts: Part[] } | undefined;

function parseOrThrow(template: string): Part[] {
  if (lastParsed?.template === template) return lastParsed.parts;
  const { parts, problems } = parse(template);
  if (problems.length > 0) throw problems[0];
  lastParsed = { template, parts };
  return parts;
}

function parse(template: string): { parts: Part[]; problems: TemplateError[] } {
  if (isPlainFileName(template)) {
    return { parts: [{ kind: "text", text: template, column: 1 }], problems: [] };
  }
  const parts: Part[] = [];
  const problems: TemplateError[] = [];
  const problem = (column: number, text: string) =>
    problems.push(new TemplateError(template, column, text));

  if (template === "") problem(1, "the template is empty");
  if (ABSOLUTE_TEMPLATE.test(template)) {
    problem(1, "the path is absolute; write it relative to the output directory");
  }

  let textStart = 0;
  const flushText = (end: number) => {
    if (end > textStart) {
      parts.push({ kind: "text", text: template.slice(textStart, end), column: textStart + 1 });
    }
  };
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === "}") {
      problem(i + 1, `"}" has no matching "{"`);
      flushText(i);
      textStart = ++i;
    } else if (ch === "{") {
      flushText(i);
      const close = template.indexOf("}", i + 1);
      const reopen = template.indexOf("{", i + 1);
      if (close === -1 || (reopen !== -1 && reopen < close)) {
        problem(i + 1, `"{" is never closed`);
        textStart = i = reopen === -1 ? template.length : reopen;
        continue;
      }
      const name = template.slice(i + 1, close);
      if (KNOWN.has(name)) {
        parts.push({ kind: "placeholder", name: name as Placeholder, column: i + 1 });
      } else if (/^[1-9][0-9]*$/.test(name) && Number(name) <= MAX_PART) {
        parts.push({ kind: "part", number: Number(name), column: i + 1 });
      } else if (/^[0-9]+$/.test(name)) {
        problem(i + 1, `"{${name}}": numbered placeholders go from {1} to {${MAX_PART}}`);
      } else {
        const meant = closestName(name, PLACEHOLDERS);
        const guess = meant === undefined ? "" : `did you mean "{${meant}}"? `;
        problem(i + 1, `unknown placeholder "{${name}}" (${guess}known: ${KNOWN_LIST})`);
      }
      textStart = i = close + 1;
    } else {
      i++;
    }
  }
  flushText(template.length);
  for (const part of parts) {
    if (part.kind === "text") checkLiteral(part, problem);
  }
  checkSegments(parts, template, problem);
  checkNameLengths(parts, problem);
  return { parts, problems: problems.sort((a, b) => a.column - b.column) };
}

/** A template that starts at a root (a slash or a backslash) or a Windows drive (`C:`), on every system. */
export const ABSOLUTE_TEMPLATE = /^(?:[/\\]|[A-Za-z]:)/;

/** A Windows drive (`C:`): a module constant, as a literal is a new object at every evaluation. */
const DRIVE_LETTER = /^[A-Za-z]:/;

/**
 * A template such as `0.html`: one segment, no placeholder, nothing `parse` could object to. Ten
 * thousand of them in one config are checked without building the general parser's state.
 */
function isPlainFileName(template: string): boolean {
  if (template === "" || template === "." || template === "..") return false;
  // Control and invisible characters take the general path, which says where they are.
  if (DRIVE_LETTER.test(template) || hasUnseenInName(template)) return false;
  let bytes = 0;
  for (let i = 0; i < template.length; i++) {
    const code = template.charCodeAt(i);
    // "/", "\\", "{" and "}" take the general path.
    if (code === 0x2f || code === 0x5c || code === 0x7b || code === 0x7d) return false;
    bytes += utf8Bytes(code);
  }
  // A name too long for a file system, too: the general path says so.
  return bytes <= MAX_NAME_BYTES;
}

/**
 * Longest file name, in UTF-8 bytes, that ext4, XFS, Btrfs, APFS and NTFS all take; a longer one
 * fails every save (`File name too long`).
 */
const MAX_NAME_BYTES = 255;

/**
 * Longest path, in UTF-8 bytes, the system takes: its `PATH_MAX` less the ending NUL (4096 on
 * Linux, 1024 on macOS); Windows takes 32,767 characters in the long form Deno uses. A longer one
 * fails every save with `File name too long`, though no name in it is.
 */
const MAX_PATH_BYTES = Deno.build.os === "darwin"
  ? 1023
  : Deno.build.os === "windows"
  ? 32_767
  : 4095;

/**
 * The fewest bytes each placeholder renders to: `{sha256}` is 64 hex digits, `{uuid}` 36
 * characters, `{date}` 10; the others at least one (`{path}` is also where a name may end, as a
 * URL path of several segments splits it: see `checkNameLengths`).
 */
const FEWEST_BYTES: Record<Placeholder, number> = {
  host: 1,
  path: 1,
  name: 1,
  uuid: 36,
  date: 10,
  ext: 1,
  sha256: 64,
  filename: 1,
};

/** UTF-8 bytes of one UTF-16 code unit (a surrogate pair's two make four). */
function utf8Bytes(code: number): number {
  return code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3;
}

/**
 * Refuses a file or folder name that renders longer than `MAX_NAME_BYTES` whatever the URL: its
 * fixed text and the fewest bytes of its placeholders. Every save would fail on it; said at the
 * config's line and the name's column instead. A `{path}` splits a name in two, as a URL path of
 * several segments would, so only the text on each side of it counts.
 */
function checkNameLengths(
  parts: Part[],
  problem: (column: number, text: string) => void,
): void {
  let start = 1;
  let bytes = 0;
  const end = () => {
    if (bytes <= MAX_NAME_BYTES) return;
    problem(
      start,
      `the name here is at least ${bytes} bytes once rendered, more than the ${MAX_NAME_BYTES} ` +
        "a file name may have",
    );
  };
  for (const part of parts) {
    if (part.kind === "part") bytes += 1;
    else if (part.kind === "placeholder") {
      bytes += FEWEST_BYTES[part.name];
      if (part.name === "path") {
        end();
        start = part.column;
        bytes = FEWEST_BYTES.path;
      }
    } else {
      for (let k = 0; k < part.text.length; k++) {
        const code = part.text.charCodeAt(k);
        if (code !== 0x2f) bytes += utf8Bytes(code);
        else {
          end();
          start = part.column + k + 1;
          bytes = 0;
        }
      }
    }
  }
  end();
}

/**
 * C0, DEL and the C1 controls (U+0080–U+009F), as placeholders replace them (`\p{Cc}`): a terminal
 * may take U+009B for ESC [ when `ls` shows the name.
 */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}

function checkLiteral(
  part: { text: string; column: number },
  problem: (column: number, text: string) => void,
): void {
  for (let k = 0; k < part.text.length; k++) {
    const code = part.text.codePointAt(k)!;
    const char = String.fromCodePoint(code);
    const hex = code.toString(16).toUpperCase().padStart(4, "0");
    if (isControl(code)) {
      problem(part.column + k, "control characters are not allowed in file names");
    } else if (isBidiControl(code)) {
      problem(
        part.column + k,
        `the bidirectional control U+${hex} is not allowed in file names: it would show the name in another order`,
      );
    } else if (code >= 0xd800 && code <= 0xdfff) {
      problem(
        part.column + k,
        `the lone surrogate U+${hex} is not allowed in file names: it is no character, and would be written as U+FFFD`,
      );
    } else if (isUnseenInName(char)) {
      problem(
        part.column + k,
        `the invisible character U+${hex} is not allowed in file names: the name would look like another`,
      );
    } else if (char === "\\") {
      problem(part.column + k, `"\\" is not a portable separator; use "/"`);
    }
    k += char.length - 1;
  }
}

/** Refuses literal `..` segments (they could leave the output directory) and a trailing `/`. */
function checkSegments(
  parts: Part[],
  template: string,
  problem: (column: number, text: string) => void,
): void {
  // Walk the template's segments; a segment is literal when no placeholder touches it.
  let segmentStart = 0;
  let literal = true;
  const endSegment = (end: number) => {
    if (literal && template.slice(segmentStart, end) === "..") {
      problem(segmentStart + 1, `".." segments could leave the output directory`);
    }
  };
  for (const part of parts) {
    if (part.kind !== "text") {
      literal = false;
      continue;
    }
    for (let k = 0; k < part.text.length; k++) {
      if (part.text[k] !== "/") continue;
      const at = part.column - 1 + k;
      endSegment(at);
      segmentStart = at + 1;
      literal = true;
    }
  }
  endSegment(template.length);
  const noPlaceholder = parts.every((part) => part.kind === "text");
  if (
    template !== "" && noPlaceholder &&
    template.split("/").every((segment) => segment === "" || segment === ".")
  ) {
    problem(1, "the template names no file");
  } else if (template.endsWith("/")) {
    problem(template.length, 'the path ends with "/"; end it with a file name');
  }
}
