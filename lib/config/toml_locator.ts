/**
 * Where keys and values are in a TOML file. The TOML parser gives no positions, so this scanner walks a
 * document that already parsed and records the offset of every table, key, value and array element.
 * @module
 */
import type { ConfigPath } from "./config_error.ts";

/** Offsets of one field: its key (when it has one) and its value (or table header). */
export interface TomlField {
  key?: number;
  value: number;
}

const BARE_KEY_RE = /[A-Za-z0-9_-]/;
/** The tables of a dotted key indexed on their own (`a`, `a.b`, …); deeper ones share the last. */
const DOTTED_PREFIXES_INDEXED = 64;

/**
 * Indexes the fields of a valid TOML document by path.
 *
 * @param text The document.
 * @returns Field offsets keyed by `JSON.stringify(path)`; arrays of tables get their element indexes.
 */
export function indexToml(text: string): Map<string, TomlField> {
  const fields = new Map<string, TomlField>([["[]", { value: 0 }]]);
  const tableCounts = new Map<string, number>();
  let pos = 0;
  let table: ConfigPath = [];
  const record = (path: ConfigPath, field: TomlField) => fields.set(JSON.stringify(path), field);

  const skipSpace = () => {
    while (text[pos] === " " || text[pos] === "\t") pos++;
  };
  const skipTrivia = () => {
    while (pos < text.length) {
      if (" \t\r\n".includes(text[pos])) pos++;
      else if (text[pos] === "#") skipLine();
      else break;
    }
  };
  const skipLine = () => {
    while (pos < text.length && text[pos] !== "\n") pos++;
  };
  const skipString = () => {
    const quote = text[pos];
    const triple = text.startsWith(quote.repeat(3), pos);
    pos += triple ? 3 : 1;
    while (pos < text.length) {
      if (quote === '"' && text[pos] === "\\") pos += 2;
      else if (triple ? text.startsWith(quote.repeat(3), pos) : text[pos] === quote) {
        pos += triple ? 3 : 1;
        while (triple && text[pos] === quote) pos++; // up to two quotes may close the content
        return;
      } else pos++;
    }
  };
  const readKey = (): string[] => {
    const segments: string[] = [];
    while (pos < text.length) {
      skipSpace();
      const start = pos;
      if (text[pos] === '"' || text[pos] === "'") {
        skipString();
        const raw = text.slice(start + 1, pos - 1);
        segments.push(text[start] === '"' ? unescapeBasic(raw) : raw);
      } else {
        while (pos < text.length && BARE_KEY_RE.test(text[pos])) pos++;
        if (pos === start) break;
        segments.push(text.slice(start, pos));
      }
      skipSpace();
      if (text[pos] !== ".") break;
      pos++;
    }
    return segments;
  };
  const readKeyValue = (base: ConfigPath) => {
    const keyOffset = pos;
    const key = readKey();
    skipSpace();
    if (key.length === 0 || text[pos] !== "=") return skipLine();
    pos++;
    skipSpace();
    // The tables a dotted key opens all point at the key; a path past the ones indexed falls back
    // to the last, at the same offset, so a key of 100,000 parts is not 100,000 long paths.
    for (let depth = 1; depth < Math.min(key.length, DOTTED_PREFIXES_INDEXED); depth++) {
      const prefix = [...base, ...key.slice(0, depth)];
      if (!fields.has(JSON.stringify(prefix))) record(prefix, { key: keyOffset, value: keyOffset });
    }
    readValue([...base, ...key], keyOffset);
  };
  const readValue = (path: ConfigPath, keyOffset?: number) => {
    record(path, { key: keyOffset, value: pos });
    if (text[pos] === "{") {
      pos++;
      while (pos < text.length) {
        skipTrivia();
        if (text[pos] === "}") return void pos++;
        const before = pos;
        readKeyValue(path);
        skipTrivia();
        if (text[pos] === ",") pos++;
        if (pos === before) return skipLine();
      }
    } else if (text[pos] === "[") {
      pos++;
      for (let index = 0; pos < text.length; index++) {
        skipTrivia();
        if (text[pos] === "]") return void pos++;
        const before = pos;
        readValue([...path, index]);
        skipTrivia();
        if (text[pos] === ",") pos++;
        if (pos === before) return skipLine();
      }
    } else if (text[pos] === '"' || text[pos] === "'") skipString();
    else while (pos < text.length && !",]}#\r\n".includes(text[pos])) pos++;
  };
  const readHeader = () => {
    const headerOffset = pos;
    const isArray = text.startsWith("[[", pos);
    pos += isArray ? 2 : 1;
    const key = readKey();
    const resolved: (string | number)[] = [];
    key.forEach((segment, depth) => {
      resolved.push(segment);
      const countKey = JSON.stringify(resolved);
      const count = tableCounts.get(countKey);
      // The array (or implicit table) a header opens is located there on first sight, so a
      // problem with the whole of `[[task]]` is not placed at 1:1.
      if (!fields.has(countKey)) record([...resolved], { key: headerOffset, value: headerOffset });
      if (isArray && depth === key.length - 1) {
        tableCounts.set(countKey, (count ?? 0) + 1);
        resolved.push(count ?? 0);
      } else if (count !== undefined) resolved.push(count - 1);
    });
    table = resolved;
    record(table, { key: headerOffset, value: headerOffset });
    skipLine();
  };

  while (pos < text.length) {
    skipTrivia();
    if (pos >= text.length) break;
    if (text[pos] === "[") readHeader();
    else {
      const before = pos;
      readKeyValue(table);
      if (pos === before) skipLine();
    }
  }
  return fields;
}

/** Decodes the escapes of a basic-string key; keeps the raw text when they are not JSON's. */
function unescapeBasic(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`);
  } catch {
    return raw;
  }
}

/**
 * Finds a field's offset, or its nearest indexed ancestor's.
 *
 * @param fields The index from `indexToml`.
 * @param path The field.
 * @param at Whether the key or the value is wanted.
 * @returns The offset.
 */
export function findTomlOffset(
  fields: Map<string, TomlField>,
  path: ConfigPath,
  at: "key" | "value",
): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const field = fields.get(JSON.stringify(path.slice(0, depth)));
    if (field === undefined) continue;
    return at === "key" && depth === path.length && field.key !== undefined
      ? field.key
      : field.value;
  }
  return 0;
}
