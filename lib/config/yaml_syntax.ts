/**
 * YAML syntax errors in plain words. npm:yaml names what its grammar met ("Sequence item without -
 * indicator", "Implicit keys need to be on a single line"), often at the line before the mistake or
 * at the end of the file; the common mistakes of a hand-written config are told apart here by the
 * lines around the error: a key indented between a list item's "-" and its keys, a key indented
 * deeper or shallower than its siblings, a list item out of line, no space after a key's colon, a
 * quote or a bracket never closed, a tab that indents. Each is said at the offending line and
 * column (its first character, the key, or the unclosed quote), the parser's own words kept after
 * it; an error none of these explains keeps the parser's words alone. Where the value may be a
 * credential (`credential_place.ts`), neither a hint nor the parser's words repeat it.
 * @module
 */
import { quoteReceived } from "../http/mod.ts";
import type { ConfigIssue } from "./config_error.ts";
import { CREDENTIAL_NOT_SHOWN, HIDDEN_VALUE, mayHoldCredential } from "./credential_place.ts";
import { lineStarts, lineText } from "./locate.ts";
import { openKeys } from "./open_keys.ts";
import {
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type YamlDocument,
  type YAMLError,
} from "./yaml_deps.ts";
import { headOf } from "../loop/mod.ts";

/** npm:yaml's errors that its own words leave the user to work out (`Tabs are not allowed …`). */
const SYNTAX_MESSAGES: Partial<Record<YAMLError["code"], string>> = {
  MULTIPLE_DOCS: "a config is one YAML document, and a second one starts here",
  TAB_AS_INDENT: "a tab indents this line, and YAML indents with spaces only: replace the tab " +
    "with spaces",
};

/** What a hint says, and where. */
interface Hint {
  line: number;
  column: number;
  said: string;
}

/** The file's lines, for the hints to read around an error. */
interface Lines {
  /** Each line's text, without its line break, 1-based through `at`. */
  at(line: number): string;
  count: number;
}

/**
 * The issues of npm:yaml's syntax errors. When a tab indents a line, only the tabs are said: what
 * the parser makes of the lines after one is no mistake of its own.
 *
 * @param errors npm:yaml's errors and warnings, in its order.
 * @param file The file name to report.
 * @param lineCounter The parse's line counter.
 * @param text The file's content.
 * @param doc The parsed document, for the quote or bracket an error is about.
 * @returns One issue per mistake: a hint said once, however many parser errors it explains.
 */
export function syntaxIssues(
  errors: readonly YAMLError[],
  file: string,
  lineCounter: LineCounter,
  text: string,
  doc: YamlDocument,
): ConfigIssue[] {
  const lines = linesOf(text, lineCounter.lineStarts);
  // Where npm:yaml met a key inside a flow collection's value: the same mistake may also be its
  // "implicit key" error at the same place (the entry ran on to the next line).
  const inFlow = new Map(
    errors.filter((error) => error.code === "BLOCK_IN_FLOW").map(({ pos }) => [pos[0], pos[1]]),
  );
  const source = { text, lines, doc, lineCounter, inFlow };
  const tabs = errors.filter((error) => error.code === "TAB_AS_INDENT");
  const issues: ConfigIssue[] = [];
  const byHint = new Map<string, { issue: ConfigIssue; said: string; parser: string[] }>();
  // The parser's errors said in its words alone, where a hint may come to stand too.
  const plain: { issue: ConfigIssue; parser: string }[] = [];
  for (const error of tabs.length > 0 ? tabs : errors) {
    const { line, col } = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    const words = error.message.replace(/ at line \d+, column \d+:?[\s\S]*$/, "");
    const fixed = SYNTAX_MESSAGES[error.code];
    const hint = fixed === undefined ? hintFor(error, words, line, source) : undefined;
    const parser = parserWords(words, () => mayHoldCredential(keysAt(lines, line, col)));
    if (hint === undefined) {
      const said = fixed ?? `${parser}${unquotedHint(error.code, words, lines, line, col)}`;
      const issue = { file, line, column: col, path: "", message: `YAML syntax: ${said}` };
      issues.push(issue);
      if (fixed === undefined) plain.push({ issue, parser });
      continue;
    }
    // Two parser errors of one mistake (a key indented too deep is both of npm:yaml's "implicit
    // key" errors) are one issue, with both of the parser's words.
    const key = `${hint.line}:${hint.column}:${hint.said}`;
    const known = byHint.get(key);
    if (known !== undefined) {
      if (!known.parser.includes(parser)) known.parser.push(parser);
      known.issue.message = hintMessage(known.said, known.parser);
      continue;
    }
    const issue = {
      file,
      line: hint.line,
      column: hint.column,
      path: "",
      message: hintMessage(hint.said, [parser]),
    };
    byHint.set(key, { issue, said: hint.said, parser: [parser] });
    issues.push(issue);
  }
  // A parser error at the very place a hint explains (`"http://x/a" save: a`, a "," left out,
  // is also an unexpected scalar there) is that mistake's: one issue, with its words too.
  const dropped = new Set<ConfigIssue>();
  for (const { issue, parser } of plain) {
    const hinted = [...byHint.values()].find(({ issue: other }) =>
      other.line === issue.line && other.column === issue.column
    );
    if (hinted === undefined) continue;
    if (!hinted.parser.includes(parser)) hinted.parser.push(parser);
    hinted.issue.message = hintMessage(hinted.said, hinted.parser);
    dropped.add(issue);
  }
  return dropped.size === 0 ? issues : issues.filter((issue) => !dropped.has(issue));
}

function hintMessage(said: string, parser: readonly string[]): string {
  return `YAML syntax: ${said} (the YAML parser: ${parser.join("; ")})`;
}

/**
 * The parser's words, up to where they quote the value when it may be a credential: both parsers
 * name the culprit last, in quotes or after a colon (`unidentified alias "…"`, `Unresolved tag: …`,
 * `Block scalar header includes extra characters: …`). Asked only of words that quote something:
 * the keys are found by reading up the lines above, and a broken file may have many errors.
 */
function parserWords(words: string, secret: () => boolean): string {
  const quote = words.indexOf('"');
  const cut = quote !== -1 ? quote : words.lastIndexOf(": ");
  if (cut === -1 || !secret()) return words;
  return `${words.slice(0, cut)}${quote !== -1 ? `"${HIDDEN_VALUE}"` : `: ${HIDDEN_VALUE}`}`;
}

/**
 * A syntax error of Deno std's parser (the one that reads values), in corun's words where it has
 * some: an alias the strict parser leaves unresolved was meant as text (an `Accept` header's
 * any-type value), said at its "*" (std's error is past it).
 *
 * @param text The file's content.
 * @param line The error's line.
 * @param column The error's 1-based column.
 * @param words std's message, without its place.
 * @returns Where to point, and what to say after "YAML syntax: ".
 */
export function valueParserSyntax(
  text: string,
  line: number,
  column: number,
  words: string,
): { column: number; said: string } {
  const lines = linesOf(text, lineStarts(text));
  const reserved = /unidentified alias/.test(words)
    ? reservedStart(lines, line, column)
    : undefined;
  const at = reserved?.column ?? column;
  const parser = parserWords(words, () => mayHoldCredential(keysAt(lines, line, at)));
  return { column: at, said: `${parser}${reserved?.hint ?? ""}` };
}

/**
 * The keys that lead to a column of a line: those of the block mappings the line is indented
 * under, then the line's own up to the column (a flow mapping's, and the key just written).
 */
function keysAt(lines: Lines, line: number, column: number): string[] {
  return [
    ...blockKeysAbove(lines, line),
    ...openKeys(lines.at(line).slice(0, column - 1), "YAML"),
  ];
}

/** The keys of the block mappings a line is indented under, outermost first. */
function blockKeysAbove(lines: Lines, line: number): string[] {
  const keys: string[] = [];
  let indent = indentOf(lines.at(line));
  for (let other = line - 1; other >= 1 && indent > 0; other--) {
    const text = lines.at(other);
    if (!isContent(text) || indentOf(text) >= indent) continue;
    // A list item's first key is a sibling of the keys under it, unless they are deeper still.
    const keyIndent = listItemOf(text)?.contentIndent ?? indentOf(text);
    const key = keyIndent < indent ? keyOf(text.slice(keyIndent)) : undefined;
    if (key !== undefined) keys.unshift(key.replace(/^(["'])(.*)\1$/, "$2"));
    indent = indentOf(text);
  }
  return keys;
}

/**
 * A value as a hint shows it quoted (`"@x.html"`), or `"…"` and why when it may be a credential;
 * undefined when it holds both kinds of quote.
 */
function quotedExample(value: string, secret: boolean): string | undefined {
  if (secret) return `"${HIDDEN_VALUE}"; ${CREDENTIAL_NOT_SHOWN}`;
  return !value.includes('"') ? `"${value}"` : !value.includes("'") ? `'${value}'` : undefined;
}

/** The mistake behind one parser error, when the lines around it show one. */
function hintFor(
  error: YAMLError,
  parser: string,
  line: number,
  source: {
    text: string;
    lines: Lines;
    doc: YamlDocument;
    lineCounter: LineCounter;
    /** Where each of npm:yaml's "block collection in a flow one" errors starts, and ends. */
    inFlow: ReadonlyMap<number, number>;
  },
): Hint | undefined {
  const { text, lines, doc, lineCounter, inFlow } = source;
  const flowEnd = inFlow.get(error.pos[0]);
  if (flowEnd !== undefined) {
    const comma = commaMissing(text, error.pos[0], flowEnd, lines, lineCounter);
    if (comma !== undefined) return comma;
  }
  if (
    /^Missing closing ["']quote/.test(parser) ||
    /must be sufficiently indented and end with/.test(parser)
  ) {
    return unclosed(error.pos[0], doc, text, lineCounter);
  }
  // A list item out of line with the items above is that, whatever else its line holds (a
  // `- host:8080` item would otherwise read as a key missing its space).
  if (listItemOf(lines.at(line)) !== undefined) {
    const outOfLine = itemOutOfLine(lines, line);
    if (outOfLine !== undefined) return outOfLine;
  }
  // Only the errors a `key:value` line makes: a `- host:8080` item is a plain word, and may stand
  // on a line another mistake's error points at.
  if (
    error.code === "MULTILINE_IMPLICIT_KEY" ||
    (error.code === "MISSING_CHAR" && parser.startsWith("Implicit map keys"))
  ) {
    const space = missingSpace(lines, line);
    if (space !== undefined) return space;
  }
  if (parser.startsWith("Unexpected block-seq-ind on same line with key")) {
    return listOnKeyLine(lines, line);
  }
  switch (error.code) {
    case "MISSING_CHAR":
      return parser.startsWith("Sequence item without")
        ? betweenDashAndKey(lines, line)
        : undefined;
    case "BLOCK_AS_IMPLICIT_KEY":
      return deeperThanKey(lines, line) ?? colonInValue(lines, line);
    case "MULTILINE_IMPLICIT_KEY":
      return deeperThanKey(lines, line);
    case "BAD_INDENT":
      if (parser.startsWith("All mapping items")) return keyOutOfLine(lines, line);
      if (parser.startsWith("All sequence items")) return itemOutOfLine(lines, line);
      return undefined;
    default:
      return undefined;
  }
}

/** `key:value`: a word YAML reads whole, as the key was meant to be followed by a space. */
const NO_SPACE = /^((?:- +)*)([A-Za-z_][\w.-]*):(?!\/\/)(\S.*)$/;

/** `sleep:1s`: no space after the colon, so no key at all. */
function missingSpace(lines: Lines, line: number): Hint | undefined {
  const text = lines.at(line);
  const indent = indentOf(text);
  const found = NO_SPACE.exec(text.slice(indent));
  if (found === null) return undefined;
  const [, dashes, key, written] = found;
  const column = indent + dashes.length + 1;
  const secret = mayHoldCredential([...keysAt(lines, line, column), key]);
  const value = secret ? HIDDEN_VALUE : written;
  return {
    line,
    column,
    said: `${quoteReceived(`${key}:${value}`)} has no space after its ":", so YAML reads it as ` +
      `one word, not a key and its value: write ${quoteReceived(`${key}: ${value}`)}${
        secret ? `; ${CREDENTIAL_NOT_SHOWN}` : ""
      }`,
  };
}

/**
 * A line indented past a list item's `-` but short of its keys (`  - name: a` then `   sleep: 1s`):
 * neither a key of that item nor a new item.
 */
function betweenDashAndKey(lines: Lines, line: number): Hint | undefined {
  const text = lines.at(line);
  const indent = indentOf(text);
  const above = lineAbove(lines, line, (other) => indentOf(other) < indent);
  if (above === undefined) return undefined;
  const item = listItemOf(lines.at(above));
  if (item === undefined || item.contentIndent <= indent) return undefined;
  const first = keyOf(lines.at(above).slice(item.contentIndent));
  return {
    line,
    column: indent + 1,
    said: `${nameOf(text)} is indented ${spaces(indent)}, between the "-" of the list item on ` +
      `line ${above} (${spaces(item.dashIndent)}) and ${
        first === undefined ? "its content" : `its key ${quoteReceived(first)}`
      } (${spaces(item.contentIndent)}): indent it ${spaces(item.contentIndent)} to make it a ` +
      `key of that item, or start a new item with "- "`,
  };
}

/**
 * A key under `key: value` indented deeper than that key (`name: a` then `  sleep: 1s`): YAML reads
 * it as more of the value. The error is at the line above; the mistake is the deeper line.
 */
function deeperThanKey(lines: Lines, line: number): Hint | undefined {
  const text = lines.at(line);
  const item = listItemOf(text);
  const keyIndent = item?.contentIndent ?? indentOf(text);
  const key = keyOf(text.slice(keyIndent));
  if (key === undefined) return undefined;
  const below = lineBelow(lines, line);
  if (below === undefined) return undefined;
  const deeper = lines.at(below);
  const indent = indentOf(deeper);
  if (indent <= keyIndent || keyOf(deeper.slice(indent)) === undefined) return undefined;
  return {
    line: below,
    column: indent + 1,
    said:
      `${nameOf(deeper)} is indented ${spaces(indent)}, more than ${
        quoteReceived(key)
      } on line ${line} (${spaces(keyIndent)}), so YAML reads it as more of the value of ` +
      `${quoteReceived(key)}: line it up with ${quoteReceived(key)}`,
  };
}

/**
 * A value that holds ": " unquoted (`name: a: b`, `fetch: http://x/?q=a: b`): YAML reads a second
 * key inside the value. Said at the value, with the whole value quoted.
 */
function colonInValue(lines: Lines, line: number): Hint | undefined {
  const text = lines.at(line);
  const contentIndent = listItemOf(text)?.contentIndent ?? indentOf(text);
  const content = text.slice(contentIndent);
  const key = keyOf(content);
  if (key === undefined) return undefined;
  const valueAt = content.indexOf(":") + 1;
  const value = content.slice(valueAt).replace(/[ \t]+#.*$/, "").trim();
  if (!/:(?:[ \t]|$)/.test(value)) return undefined;
  const column = contentIndent + valueAt + content.slice(valueAt).search(/\S/) + 1;
  const secret = mayHoldCredential(keysAt(lines, line, column));
  return {
    line,
    column,
    said: `the value of ${quoteReceived(key)} holds ": ", which YAML reads as the start of ` +
      `another key: quote the whole value, ${key}: ${
        secret ? quotedExample(value, true) : quoteReceived(value)
      }`,
  };
}

/** A value, then blanks, then what reads as the next entry's key (`1s sleep2: 2s`). */
const RUN_ON_ENTRY =
  /^([^\n]*?\S)[ \t]*(\n[ \t]*|[ \t]+)([A-Za-z_][\w.-]*|"[^"\n]*"):(?:[ \t]|\n|$)/;

/**
 * `{ name: a, sleep: 1s fetch: x }`: a "," left out between two entries of a flow mapping, so the
 * next key runs on into the value before it, which npm:yaml calls a block collection in a flow
 * one. Said at the key the comma belongs before. (A value holding ": " after other text, with no
 * blank before its key-like part, such as a URL, is left to the parser's words.)
 */
function commaMissing(
  text: string,
  start: number,
  end: number,
  lines: Lines,
  lineCounter: LineCounter,
): Hint | undefined {
  const found = RUN_ON_ENTRY.exec(text.slice(start, end));
  if (found === null) return undefined;
  const [, value, gap, key] = found;
  const { line, col } = lineCounter.linePos(start + value.length + gap.length);
  const secret = mayHoldCredential(keysAt(lines, line, col));
  // A quoted value ends at its quote: what follows can only be the next entry. A bare one may be
  // meant to hold ": " itself (`name: my task: b`), which quoting it says.
  const quoted = /^(?:"[^"\\]*"|'[^']*')$/.test(value);
  const shown = secret ? "" : ` ${quoted ? value : quoteReceived(value)}`;
  const unlessPart = quoted ? "" : `, or, if ${quoteReceived(`${key}:`)} is part of the value, ` +
    "quote the whole value";
  return {
    line,
    column: col,
    said: `a "," is missing before ${quoteReceived(key)}: after the value${shown}, YAML reads ` +
      `the next key as more of it; entries of a { } mapping are separated by commas${unlessPart}${
        secret ? ` (${CREDENTIAL_NOT_SHOWN})` : ""
      }`,
  };
}

/** `tasks: - name: a`: a block list cannot start on its key's line. */
function listOnKeyLine(lines: Lines, line: number): Hint | undefined {
  const text = lines.at(line);
  const key = keyOf(text.slice(listItemOf(text)?.contentIndent ?? indentOf(text)));
  if (key === undefined) return undefined;
  const dash = text.indexOf("- ", text.indexOf(":"));
  return {
    line,
    column: dash + 1,
    said: `a list's "- " cannot follow ${quoteReceived(key)} on its line: start the list on the ` +
      `next line, each item's "- " indented under ${quoteReceived(key)}`,
  };
}

/** A key that lines up with no key above it (`    fetch:`, `      url: …`, `     save: …`). */
function keyOutOfLine(lines: Lines, line: number): Hint | undefined {
  const text = lines.at(line);
  const indent = indentOf(text);
  const before = lineAbove(lines, line, () => true);
  const outer = lineAbove(lines, line, (other) => indentOf(other) < indent);
  const parts: string[] = [];
  if (outer !== undefined) parts.push(placeOf(lines, outer));
  if (before !== undefined && before !== outer && indentOf(lines.at(before)) > indent) {
    parts.push(placeOf(lines, before));
  }
  if (parts.length === 0) return undefined;
  return {
    line,
    column: indent + 1,
    said:
      `${nameOf(text)} is indented ${spaces(indent)}, in line with no key above it (${
        parts.join("; ")
      }): the keys of one mapping start at the same column, so line it up with the key it goes ` +
      "beside",
  };
}

/** A list item whose `-` is not in line with the items before it. */
function itemOutOfLine(lines: Lines, line: number): Hint | undefined {
  const text = lines.at(line);
  const indent = indentOf(text);
  const item = lineAbove(
    lines,
    line,
    (other) =>
      listItemOf(other) !== undefined && indentOf(other) !== indent &&
      indentOf(other) <= indent + 2,
  );
  if (item === undefined) return undefined;
  return {
    line,
    column: indent + 1,
    said: `this list item's "-" is indented ${spaces(indent)}, but the "-" of the item on line ` +
      `${item} is at ${spaces(indentOf(lines.at(item)))}: the items of one list start at the ` +
      `same column, so line up its "-" with theirs`,
  };
}

/**
 * A quote or a flow collection's bracket never closed: the parser reads on, across lines, and
 * reports it at the end of the file; said at the quote or bracket that opened it.
 */
function unclosed(
  offset: number,
  doc: YamlDocument,
  text: string,
  lineCounter: LineCounter,
): Hint | undefined {
  const opener = openerAt(doc, offset);
  if (opener === undefined) return undefined;
  const { line, col } = lineCounter.linePos(opener.start);
  const mark = text[opener.start];
  const closer = mark === "[" ? "]" : mark === "{" ? "}" : mark;
  if (closer === undefined || (mark !== '"' && mark !== "'" && mark !== "[" && mark !== "{")) {
    return undefined;
  }
  // A bracket closed later is an indentation problem of the lines inside, not this.
  if ((mark === "[" || mark === "{") && text.slice(opener.start, opener.end).includes(closer)) {
    return undefined;
  }
  const before = text.slice(lineCounter.lineStarts[line - 1], opener.start);
  const key = /([A-Za-z_][\w.-]*):\s*$/.exec(before)?.[1];
  const what = mark === '"' || mark === "'" ? "quoted value" : mark === "[" ? "list" : "mapping";
  const of = key === undefined ? "" : ` of ${quoteReceived(key)}`;
  return {
    line,
    column: col,
    said: `the ${mark} that starts the ${what}${of} is never closed, so YAML reads the lines ` +
      `after it as part of it: add the closing ${closer}`,
  };
}

/** The range of the quoted scalar or flow collection that runs up to the offset, the innermost. */
function openerAt(doc: YamlDocument, offset: number): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    const range = (node as { range?: [number, number, number] } | null)?.range;
    const opens = isScalar(node)
      ? node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE"
      : (isSeq(node) || isMap(node)) && node.flow === true;
    if (opens && range && range[0] < offset && offset <= range[1]) {
      if (found === undefined || range[0] > found.start) found = { start: range[0], end: range[1] };
    }
    if (isMap(node)) { for (const pair of node.items) stack.push(pair.key, pair.value); }
    else if (isSeq(node)) stack.push(...node.items);
  }
  return found;
}

/** `- ` items at the start of a line: where its `-` is, and where its content starts. */
function listItemOf(text: string): { dashIndent: number; contentIndent: number } | undefined {
  const found = /^( *)-( +)\S/.exec(text);
  if (found === null) return undefined;
  return { dashIndent: found[1].length, contentIndent: found[1].length + 1 + found[2].length };
}

/** The key a line (from its content) starts with, when it is `key:` or `key: value`. */
function keyOf(content: string): string | undefined {
  return /^([^\s#:'"{}[\],&*!|>%@`-][^:#]*?|"[^"]*"|'[^']*')[ \t]*:(?:[ \t]|$)/.exec(content)?.[1];
}

/** How a message names a line: its key, else its text. */
function nameOf(text: string): string {
  const content = text.trimStart();
  const key = keyOf(content);
  if (key !== undefined) return quoteReceived(key);
  return quoteReceived(content.length > 40 ? `${headOf(content, 40)}…` : content);
}

/** `"fetch" on line 3 (4 spaces)`. */
function placeOf(lines: Lines, line: number): string {
  const text = lines.at(line);
  return `${nameOf(text)} on line ${line} is at ${spaces(indentOf(text))}`;
}

function spaces(count: number): string {
  return `${count} ${count === 1 ? "space" : "spaces"}`;
}

function indentOf(text: string): number {
  return text.length - text.replace(/^ +/, "").length;
}

/** Blank lines and comments say nothing of the structure. */
function isContent(text: string): boolean {
  const content = text.trim();
  return content !== "" && !content.startsWith("#");
}

/** The nearest content line above `line` that `fits`. */
function lineAbove(
  lines: Lines,
  line: number,
  fits: (text: string) => boolean,
): number | undefined {
  for (let other = line - 1; other >= 1; other--) {
    const text = lines.at(other);
    if (isContent(text) && fits(text)) return other;
  }
  return undefined;
}

/** The next content line below `line`. */
function lineBelow(lines: Lines, line: number): number | undefined {
  for (let other = line + 1; other <= lines.count; other++) {
    if (isContent(lines.at(other))) return other;
  }
  return undefined;
}

function linesOf(text: string, starts: readonly number[]): Lines {
  return {
    at: (line) => lineText(text, line, starts),
    count: starts.length,
  };
}

/** The hint for an error a value written unquoted makes, or "". */
function unquotedHint(
  code: YAMLError["code"],
  words: string,
  lines: Lines,
  line: number,
  column: number,
): string {
  // An alias or a tag elsewhere on the line is no mistake: only these errors are about one.
  return RESERVED_START_ERRORS.has(code) || words.startsWith(BLOCK_HEADER_ERROR)
    ? reservedStart(lines, line, column)?.hint ?? ""
    : unquotedFlowHint(lines, line, column);
}

/** npm:yaml's errors about a plain value's first character (`@x`, `` `x ``, `%x`, `!x`). */
const RESERVED_START_ERRORS: ReadonlySet<YAMLError["code"]> = new Set([
  "BAD_SCALAR_START",
  "TAG_RESOLVE_FAILED",
]);

/** npm:yaml's words for text after a block scalar's `|` or `>` on its line (`|x`). */
const BLOCK_HEADER_ERROR = "Block scalar header includes extra characters";

/**
 * `key: {…` or `key: […` up to a column: a value that YAML reads as a mapping or a list. The
 * innermost such key, so that in `tasks: [{ save: {host}/x }]` it is `save`, not `tasks`.
 */
const FLOW_VALUE = /^(?:.*[\s{,])?([^\s{}[\],:#"']+):[ \t]+([{[])[^#]*[}\]]$/;

/** The same, as the whole value of a block mapping's key (`  save: {host}/x.html # note`). */
const BLOCK_FLOW_VALUE = /^\s*(?:-\s+)?([^\s{}[\],:#"']+):[ \t]+([{[].*?)(?:[ \t]+#.*)?\s*$/;

/**
 * Why text right after a `}` or `]` is a syntax error, when YAML's own words do not say: a value
 * that starts with `{` or `[` is a mapping or a list, so a save template or a URL pattern written
 * unquoted (`save: {host}/{path}.html`) ends at its first closing bracket.
 *
 * @param lines The file's lines.
 * @param line The error's line.
 * @param column The error's 1-based column.
 * @returns The hint, starting with a space, or "" when the line is not such a value.
 */
function unquotedFlowHint(lines: Lines, line: number, column: number): string {
  const lineText = lines.at(line);
  const flow = FLOW_VALUE.exec(lineText.slice(0, column - 1).trimEnd());
  if (flow === null) return "";
  const [, key, opener] = flow;
  const reads = opener === "{"
    ? 'a mapping, which ends at its "}"'
    : 'a list, which ends at its "]"';
  const block = BLOCK_FLOW_VALUE.exec(lineText);
  // Only a block key's whole value can be shown quoted; inside a flow collection it ends at a `,`.
  const value = block?.[1] === key ? block[2] : undefined;
  const secret = value !== undefined &&
    mayHoldCredential(keysAt(lines, line, lineText.lastIndexOf(value) + 1));
  const quoted = value === undefined ? undefined : quotedExample(value, secret);
  const example = quoted === undefined ? "" : `, as in ${key}: ${quoted}`;
  return ` (YAML reads a value that starts with "${opener}" as ${reads}: quote the whole ` +
    `value${example})`;
}

/** What YAML makes of a value that starts with a character it reserves, completing `YAML …`. */
const RESERVED_STARTS: Record<string, string> = {
  "*": 'reads a value that starts with "*" as an alias, the name of a value given elsewhere',
  "&": `reads a value that starts with "&" as an anchor's name, and the value as empty`,
  "!": 'reads a value that starts with "!" as a tag, which names the type of the value after it',
  "%": 'reserves "%" (which starts a directive) at the start of a value',
  "@": 'reserves "@" at the start of a value',
  "`": 'reserves "`" at the start of a value',
  "|": 'reads a value that starts with "|" as the start of a block of text on the lines below',
  ">": 'reads a value that starts with ">" as the start of a block of text on the lines below',
};

/** A block key's whole value that starts with one of them, a comment after it aside. */
const BLOCK_RESERVED_VALUE =
  /^\s*(?:-\s+)?([^\s{}[\],:#"']+):[ \t]+([*&!%@`|>].*?)(?:[ \t]+#.*)?\s*$/;

/** The same in a flow collection, up to its `,`, `}` or `]`. */
const FLOW_RESERVED_VALUE = /([^\s{}[\],:#"']+):[ \t]+([*&!%@`|>][^,}\]#]*?)[ \t]*(?=[,}\]#]|$)/g;

/**
 * Why a value written unquoted that starts with a character YAML reserves is an error, or not what
 * was written: the `Accept` header's any-type value is an alias, `save: &x.html` an anchor on an
 * empty value,
 * `save: !x.html` a tag, `save: @x.html` refused, `password: |x` a block of text. The value the
 * error is at, or before it (std's parser places an alias's error after it), is shown quoted, as
 * `"…"` when it may be a credential.
 *
 * @param lines The file's lines.
 * @param line The error's line.
 * @param column The error's 1-based column.
 * @returns The value's 1-based column, and the hint, starting with a space; undefined when the
 *   line holds no such value there.
 */
function reservedStart(
  lines: Lines,
  line: number,
  column: number,
): { column: number; hint: string } | undefined {
  const lineText = lines.at(line);
  let found: { key: string; value: string; at: number } | undefined;
  const block = BLOCK_RESERVED_VALUE.exec(lineText);
  if (block !== null) {
    found = { key: block[1], value: block[2], at: lineText.indexOf(block[2], block[1].length) };
  } else {
    for (const pair of lineText.matchAll(FLOW_RESERVED_VALUE)) {
      const at = pair.index + pair[0].indexOf(pair[2], pair[1].length + 1);
      if (at > column - 1) break;
      found = { key: pair[1], value: pair[2], at };
    }
  }
  if (found === undefined) return undefined;
  const { key, value } = found;
  const quoted = quotedExample(value, mayHoldCredential(keysAt(lines, line, found.at + 1)));
  const example = quoted === undefined ? "" : `, as in ${key}: ${quoted}`;
  return {
    column: found.at + 1,
    hint: ` (YAML ${RESERVED_STARTS[value[0]]}: quote the whole value${example})`,
  };
}

/**
 * `reservedStart` for a line of a file: the hint for a value that starts with a character YAML
 * reserves, at or before a column.
 *
 * @param text The file's content.
 * @param line The line.
 * @param column The 1-based column.
 * @returns The value's column and the hint, or undefined.
 */
export function reservedStartIn(
  text: string,
  line: number,
  column: number,
): { column: number; hint: string } | undefined {
  return reservedStart(linesOf(text, lineStarts(text)), line, column);
}
