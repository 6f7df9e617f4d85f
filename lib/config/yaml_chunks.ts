/**
 * A YAML config cut into the text around its task list and runs of the list's items, so each run can
 * be parsed, checked and turned into specs before the next one: the raw document of a 100,000-task
 * config then never lives whole, and V8 does not grow its young generation to hold it.
 *
 * Cutting is done only where it cannot change what the text means: a `tasks:` key at the left margin
 * holding a block sequence, and nothing in the file that ties lines together across items (anchors,
 * aliases, tags, block scalars, directives, complex keys, quotes left open at a line's end, flow
 * collections left open around the list). Any doubt gives `undefined`, and the caller parses the
 * whole document as before.
 * @module
 */

/** The parts of a YAML config. */
export interface YamlTaskChunks {
  /** The file without its task list (a mapping, or empty). */
  outside: string;
  /** How many items the task list has. */
  count: number;
  /** Runs of consecutive items, each a YAML block sequence on its own. */
  chunks(): Generator<string>;
}

/** Items per chunk: parsed garbage stays small enough to die young. */
const ITEMS_PER_CHUNK = 256;
/**
 * Characters that may tie lines together or give a node a meaning beyond its text, and line breaks
 * that JavaScript's `^` and YAML disagree on (U+2028, U+2029, a CR without LF).
 */
const UNSAFE = /[&*!|>%\t\\\u2028\u2029]|\r(?!\n)|^(?:---|\.\.\.|\s*\?)/m;
const TASKS_KEY = /^tasks:[ ]*(?:#.*)?$/gm;
const QUOTED_KEY = /^["']tasks["']/m;

/**
 * Cuts a YAML config into the text around the task list and runs of its items.
 *
 * @param text The whole file (no byte order mark).
 * @returns The parts, or undefined when cutting might change the meaning.
 */
export function splitYamlTasks(text: string): YamlTaskChunks | undefined {
  if (UNSAFE.test(text) || QUOTED_KEY.test(text) || !everyQuoteCloses(text)) return undefined;
  const keys = [...text.matchAll(TASKS_KEY)];
  if (keys.length !== 1) return undefined;
  const listStart = keys[0].index + keys[0][0].length + 1;
  const itemStarts: number[] = [];
  let indent = -1;
  let at = listStart;
  while (at < text.length) {
    const lineEnd = endOfLine(text, at);
    const contentEnd = endOfContent(text, at, lineEnd);
    let first = at; // the line's first character that is not a space
    while (first < contentEnd && text.charCodeAt(first) === SPACE) first++;
    if (first === contentEnd || text.charCodeAt(first) === HASH) {
      at = lineEnd + 1; // blank or a comment
      continue;
    }
    const lineIndent = first - at;
    if (indent === -1) indent = lineIndent; // the first item sets the list's indentation
    const isItem = lineIndent === indent && text.charCodeAt(first) === DASH &&
      (first + 1 === contentEnd || text.charCodeAt(first + 1) === SPACE);
    if (lineIndent === 0 && !isItem) break; // the next top-level key
    if (lineIndent < indent || (lineIndent === indent && !isItem)) return undefined;
    if (isItem) itemStarts.push(at);
    at = lineEnd + 1;
  }
  const listEnd = Math.min(at, text.length);
  if (itemStarts.length === 0) return undefined;
  // A flow collection left open around the list could hold the `tasks:` key itself.
  if (!flowClosed(text, 0, keys[0].index) || !flowClosed(text, listEnd, text.length)) {
    return undefined;
  }
  const outside = text.slice(0, keys[0].index) + text.slice(listEnd);
  return {
    outside,
    count: itemStarts.length,
    *chunks() {
      for (let first = 0; first < itemStarts.length; first += ITEMS_PER_CHUNK) {
        const next = first + ITEMS_PER_CHUNK;
        yield text.slice(itemStarts[first], next < itemStarts.length ? itemStarts[next] : listEnd);
      }
    },
  };
}

/**
 * No line of the file leaves a quote open: a quoted scalar that goes on to the next line could hide a
 * `tasks:` key or an item's start from the parser, but not from the cutter.
 */
function everyQuoteCloses(text: string): boolean {
  for (let at = 0; at < text.length;) {
    const lineEnd = endOfLine(text, at);
    let first = at;
    while (first < lineEnd && text.charCodeAt(first) === SPACE) first++;
    const isComment = text.charCodeAt(first) === HASH;
    if (!isComment && scanLine(text, first, endOfContent(text, at, lineEnd)).quoteOpen) {
      return false;
    }
    at = lineEnd + 1;
  }
  return true;
}

/** Every line from `from` to `to` closes the flow collections it opens. */
function flowClosed(text: string, from: number, to: number): boolean {
  for (let at = from; at < to;) {
    const lineEnd = Math.min(endOfLine(text, at), to);
    if (scanLine(text, at, endOfContent(text, at, lineEnd)).depth !== 0) return false;
    at = lineEnd + 1;
  }
  return true;
}

function endOfLine(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end === -1 ? text.length : end;
}

/** Where a line's content ends: before the CR of a CRLF. */
function endOfContent(text: string, from: number, lineEnd: number): number {
  return lineEnd > from && text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
}

/** What a line leaves open at its end. */
interface LineEnd {
  /** A quoted scalar goes on to the next line. */
  quoteOpen: boolean;
  /** Flow collections (`[`, `{`) opened and not closed; brackets inside plain scalars count too. */
  depth: number;
}

/** Reads a line up to its comment: what it leaves open for the lines after it. */
function scanLine(text: string, from: number, to: number): LineEnd {
  let open = 0; // the quote that opened the scalar being read, or 0
  let depth = 0;
  for (let i = from; i < to; i++) {
    const char = text.charCodeAt(i);
    if (open === 0) {
      if (char === HASH && startsComment(text, from, i)) break;
      // A quote opens a scalar only where one may start; inside a plain scalar it is a character.
      if ((char === DOUBLE || char === SINGLE) && startsScalar(text, from, i)) open = char;
      else if (char === OPEN_SQUARE || char === OPEN_CURLY) depth++;
      else if (char === CLOSE_SQUARE || char === CLOSE_CURLY) depth--;
    } else if (char === open) {
      if (open === SINGLE && text.charCodeAt(i + 1) === SINGLE) i++; // '' inside single quotes
      else open = 0;
    }
  }
  return { quoteOpen: open !== 0, depth };
}

/**
 * A `#` starts a comment after a space, and for std's parser also right after a flow indicator
 * (`[b,#]` is `[b` and a comment); seeing one where there is none only refuses a file.
 */
function startsComment(text: string, lineStart: number, at: number): boolean {
  const before = text[at - 1];
  return at === lineStart || before === " " || before === "," || before === "[" || before === "{";
}

/** After the line's start or one of `- : , [ { ?` (and spaces). */
function startsScalar(text: string, lineStart: number, at: number): boolean {
  let before = at - 1;
  while (before >= lineStart && text.charCodeAt(before) === SPACE) before--;
  return before < lineStart || SCALAR_STARTS_AFTER.includes(text[before]);
}

const CR = 13;
const SPACE = 32;
const HASH = 35;
const DASH = 45;
const DOUBLE = 34;
const SINGLE = 39;
const OPEN_SQUARE = 91;
const CLOSE_SQUARE = 93;
const OPEN_CURLY = 123;
const CLOSE_CURLY = 125;
const SCALAR_STARTS_AFTER = "-:,[{?";
