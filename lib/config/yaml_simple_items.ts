/**
 * A fast reader for the task lists that large YAML configs are made of: items that are one-line flow
 * mappings (`- { name: f0, fetch: "http://…/0.html", save: "0.html" }`) or block mappings of
 * `key: value` lines, whose values are quoted strings, plain words and durations, or decimal numbers.
 * Deno std's parser takes ~11 µs an item here; this takes ~3.
 *
 * It gives exactly what std's parser gives for such items and undefined for anything else, or for
 * anything it is not sure of; the caller then lets std parse the chunk (`yaml_simple_items_test.ts`
 * compares the two over generated items).
 * @module
 */

/** Keys: plain names. `__proto__` would set an object's prototype rather than a field. */
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words that YAML resolves to null or a boolean, and YAML 1.1's too, to stay out of doubt. */
const RESERVED = /^(?:null|true|false|yes|no|on|off|y|n)$/i;
/** Decimal numbers without a sign, exact in a double: what a limit or a count is written as. */
const INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
const DECIMAL = /^(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;
/** A plain word that starts with a letter or `/`, with single spaces inside. */
const FLOW_WORDS = /^[A-Za-z/][A-Za-z0-9._/-]*(?: [A-Za-z0-9._/-]+)*$/;
/** The same in a block mapping, where `:` (not before a space) and URL characters may appear too. */
const BLOCK_WORDS = /^[A-Za-z/][A-Za-z0-9._/:?=&+%~-]*(?: [A-Za-z0-9._/:?=&+%~-]+)*$/;
/**
 * A string that starts with digits, like `1500ms` or `1h30m`: its letters leave out those that make
 * YAML numbers (`1e3`, `0x1F`, `0o17`, `0b1`), so it can only be a string.
 */
const DIGIT_WORD = /^[0-9][0-9.]*[ac-dfg-npq-wyzACDFG-NPQ-WYZ][0-9.ac-dfg-npq-wyzACDFG-NPQ-WYZ]*$/;

/**
 * Reads a run of task-list items.
 *
 * @param chunk Items of a block sequence, each starting with `- ` at the same indentation.
 * @returns The items, as std's parser reads them, or undefined when any item is beyond this reader.
 */
export function parseSimpleItems(chunk: string): unknown[] | undefined {
  // Printable ASCII only: JavaScript's trim() and YAML disagree on other spaces, and std refuses
  // control characters anywhere, comments included.
  if (NOT_PLAIN_ASCII.test(chunk)) return undefined;
  const items: Record<string, unknown>[] = [];
  let itemIndent = -1;
  let current: Record<string, unknown> | undefined; // the block mapping being read
  for (const rawLine of chunk.split("\n")) {
    const line = rawLine.endsWith("\r") ? rawLine.slice(0, -1) : rawLine;
    const text = line.trimStart();
    if (text === "" || text.startsWith("#")) continue;
    if (line.includes("#") || line.endsWith(" ")) return undefined;
    const indent = line.length - text.length;
    if (itemIndent === -1) itemIndent = indent;
    if (indent === itemIndent) {
      if (!text.startsWith("- ")) return undefined;
      const body = text.slice(2);
      if (body.startsWith("{")) {
        const item = readFlowMapping(body);
        if (item === undefined) return undefined;
        items.push(item);
        current = undefined;
      } else {
        current = {};
        if (!readBlockField(body, current)) return undefined;
        items.push(current);
      }
    } else if (indent === itemIndent + 2 && current !== undefined) {
      if (!readBlockField(text, current)) return undefined;
    } else {
      return undefined;
    }
  }
  return items;
}

/** `{ key: value, key: value }` and nothing after it. */
function readFlowMapping(text: string): Record<string, unknown> | undefined {
  if (!text.endsWith("}")) return undefined;
  const inner = text.slice(1, -1).trim();
  const item: Record<string, unknown> = {};
  if (inner === "") return item;
  let at = 0;
  while (at <= inner.length) {
    const colon = inner.indexOf(": ", at);
    if (colon === -1) return undefined;
    const key = inner.slice(at, colon).trimStart();
    let valueStart = colon + 2;
    while (inner.charCodeAt(valueStart) === SPACE) valueStart++;
    let valueEnd: number;
    const quote = inner[valueStart];
    if (quote === '"' || quote === "'") {
      valueEnd = inner.indexOf(quote, valueStart + 1) + 1;
      if (valueEnd === 0) return undefined;
    } else {
      valueEnd = inner.indexOf(",", valueStart);
      if (valueEnd === -1) valueEnd = inner.length;
    }
    const value = readScalar(inner.slice(valueStart, valueEnd).trimEnd(), FLOW_WORDS);
    if (value === undefined || !setField(item, key, value)) return undefined;
    let next = valueEnd;
    while (inner.charCodeAt(next) === SPACE) next++;
    if (next === inner.length) return item;
    if (inner[next] !== ",") return undefined;
    at = next + 1;
  }
  return undefined;
}

/** `key: value` of a block mapping, added to `item`. */
function readBlockField(text: string, item: Record<string, unknown>): boolean {
  const colon = text.indexOf(": ");
  if (colon === -1) return false;
  const value = readScalar(text.slice(colon + 2).trimStart(), BLOCK_WORDS);
  return value !== undefined && setField(item, text.slice(0, colon), value);
}

function setField(item: Record<string, unknown>, key: string, value: unknown): boolean {
  // std reads a key like `True` or `Null` as the value it names, then as a string.
  if (!KEY.test(key) || key === "__proto__" || RESERVED.test(key) || Object.hasOwn(item, key)) {
    return false;
  }
  item[key] = value;
  return true;
}

/** A quoted string, a decimal number or a plain string; undefined for anything else. */
function readScalar(text: string, words: RegExp): string | number | undefined {
  const quote = text[0];
  if (quote === '"' || quote === "'") {
    const content = text.slice(1, -1);
    const plainInside = text.length >= 2 && text.at(-1) === quote && !content.includes(quote) &&
      !content.includes("\\");
    return plainInside ? content : undefined;
  }
  if (INTEGER.test(text) || DECIMAL.test(text)) return Number(text);
  if (DIGIT_WORD.test(text)) return text;
  if (words.test(text) && !RESERVED.test(text) && !text.endsWith(":") && !text.includes(": ")) {
    return text;
  }
  return undefined;
}

const SPACE = 32;
/** Anything but printable ASCII and line breaks, or a CR that does not end a line. */
const NOT_PLAIN_ASCII = /[^\x20-\x7e\r\n]|\r(?!\n)/;
