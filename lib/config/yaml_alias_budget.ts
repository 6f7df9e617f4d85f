/**
 * YAML values with a budget on aliases. Std's parser turns an alias into a second reference to the
 * node it names, so a 600-byte "billion laughs" parses in microseconds; but everything after it
 * (validation, normalisation, a JSON body's serialisation) sees a tree, and walks or copies it a
 * billion times. So each alias is charged, while parsing, the number of values it repeats (the node
 * it names, with the aliases inside that node expanded; a long text counts once per started KiB),
 * and the parse stops once the total passes the budget. An alias inside the node it names would
 * make a cycle, which no config can mean: it is refused too. The loader also stops at a collection
 * nested past a depth limit, before its reader recurses deep enough to overflow the stack.
 * @module
 */
import { DEFAULT_MAX_NESTING_DEPTH } from "./nesting.ts";
import { LoaderState } from "./yaml_value_deps.ts";

/**
 * How many values aliases may repeat in one YAML config by default: 100,000. A config that shares a
 * block of 6 headers through an alias in each of 16,000 tasks stays under it; a "billion laughs"
 * is stopped after copying at most this many values, a few MB.
 */
export const DEFAULT_MAX_ALIAS_NODES = 100_000;

/**
 * The largest `maxAliasNodes` (`--max-alias-nodes`) the command line takes: 10,000,000, a hundred
 * times the default. Aliases that repeat far more values (a "billion laughs") fill the heap and
 * end the process before the count refuses them.
 */
export const MAX_ALIAS_NODES_CEILING = 10_000_000;

/** A text counts one value per this many characters: repeating a long text repeats its bytes. */
const CHARS_PER_VALUE = 1024;

/** Where an alias that broke the budget, or made a cycle, is written. */
export class YamlAliasError extends Error {
  /**
   * @param kind What is wrong: too much repeated, or a cycle.
   * @param line The alias's 1-based line.
   * @param nthOnLine Which alias of that line it is (0 for the first).
   * @param limit The budget.
   */
  constructor(
    readonly kind: "budget" | "cycle",
    readonly line: number,
    readonly nthOnLine: number,
    readonly limit: number,
  ) {
    super(`YAML alias at line ${line}: ${kind}`);
    this.name = "YamlAliasError";
  }
}

/** Where a collection nested past the depth limit starts. */
export class YamlDepthError extends Error {
  /**
   * @param line The 1-based line of the collection one level too deep.
   * @param limit The most levels allowed.
   */
  constructor(readonly line: number, readonly limit: number) {
    super(`YAML nested deeper than ${limit} levels at line ${line}`);
    this.name = "YamlDepthError";
  }
}

/**
 * Parses YAML as std's `parse` does, counting the values aliases repeat and the levels collections
 * nest.
 *
 * @param text The YAML text.
 * @param maxAliasNodes The most values aliases may repeat in the whole text.
 * @param maxDepth The most levels of collections (the document's is level 1). An alias adds the
 *   levels of the node it names, which the check of the whole value counts (`nesting.ts`).
 * @param options `allowDuplicateKeys`: a key given again in its mapping takes the value given last,
 *   instead of refusing the text (read so only once it is known, and reported, elsewhere).
 * @returns The value.
 * @throws {SyntaxError} When std's parser refuses the text.
 * @throws {YamlAliasError} When the aliases repeat more than `maxAliasNodes` values, or one of them
 *   names a node that contains it.
 * @throws {YamlDepthError} When collections nest deeper than `maxDepth`.
 */
export function parseYamlCounted(
  text: string,
  maxAliasNodes: number,
  maxDepth: number = DEFAULT_MAX_NESTING_DEPTH,
  options: { allowDuplicateKeys?: boolean } = {},
): unknown {
  let input = text;
  if (input.length > 0 && !/[\n\r]$/.test(input)) input += "\n"; // as std's parse does
  const state = new AliasCountingLoader(input, maxAliasNodes, maxDepth, options);
  const documents = state.readDocuments({ singleDocument: true });
  const document = documents.next().value;
  documents.next();
  return document ?? null;
}

/** Readers std may call before it knows a collection starts (see `#whileOpen`). */
const SPECULATIVE_READERS = 2;

type ReadCollection = (tag: unknown, anchor: string | null, ...rest: unknown[]) => unknown;

/** Std's loader, charging each alias for the values it repeats, and counting levels. */
class AliasCountingLoader extends LoaderState {
  #limit: number;
  #maxDepth: number;
  #depth = 0;
  #repeated = 0;
  /** The values under each node already measured, aliases expanded. */
  #sizes = new WeakMap<object, number>();
  #anchors = new OpeningAnchors();
  #line = -1;
  #nthOnLine = 0;

  constructor(
    input: string,
    limit: number,
    maxDepth: number,
    options: { allowDuplicateKeys?: boolean },
  ) {
    super(input, { allowDuplicateKeys: options.allowDuplicateKeys ?? false });
    // Std sets a new map for each document; the one that notes open collections must stay.
    const anchors = this.#anchors;
    Object.defineProperty(this, "anchorMap", {
      get: () => anchors,
      set: () => anchors.clear(),
    });
    this.#limit = limit;
    this.#maxDepth = maxDepth;
  }

  override readAlias(): unknown {
    const line = this.line;
    const target = super.readAlias();
    if (target === undefined) return target;
    this.#nthOnLine = line === this.#line ? this.#nthOnLine + 1 : 0;
    this.#line = line;
    if (this.#anchors.isOpen(target)) {
      throw new YamlAliasError("cycle", line + 1, this.#nthOnLine, this.#limit);
    }
    this.#repeated += this.#sizeOf(target);
    if (this.#repeated > this.#limit) {
      throw new YamlAliasError("budget", line + 1, this.#nthOnLine, this.#limit);
    }
    return target;
  }

  override readBlockSequence(...args: Parameters<ReadCollection>): unknown {
    return this.#whileOpen(super.readBlockSequence, args);
  }

  override readBlockMapping(...args: Parameters<ReadCollection>): unknown {
    return this.#whileOpen(super.readBlockMapping, args);
  }

  override readFlowCollection(...args: Parameters<ReadCollection>): unknown {
    return this.#whileOpen(super.readFlowCollection, args);
  }

  /**
   * Reads a collection; an anchored one counts as open meanwhile (the reader stores it under its
   * anchor before reading what is in it, which is when `#anchors` notes it).
   */
  #whileOpen(read: ReadCollection, args: Parameters<ReadCollection>): unknown {
    // Std calls the readers to find out whether a collection starts here (a block mapping's reader
    // even reads a key first), so readers on the stack may be up to two more than the collections
    // really open: this only guards the stack, and the check of the whole value counts exactly.
    if (this.#depth >= this.#maxDepth + SPECULATIVE_READERS) {
      throw new YamlDepthError(this.line + 1, this.#maxDepth);
    }
    this.#depth++;
    try {
      const anchor = args[1];
      if (anchor === null) return read.apply(this, args);
      const depth = this.#anchors.opened.length;
      this.#anchors.pending = anchor;
      try {
        return read.apply(this, args);
      } finally {
        this.#anchors.pending = null;
        this.#anchors.closeTo(depth);
      }
    } finally {
      this.#depth--;
    }
  }

  /** The values under a node, aliases expanded: each node is walked once, whatever repeats it. */
  #sizeOf(value: unknown): number {
    if (typeof value === "string") return 1 + Math.floor(value.length / CHARS_PER_VALUE);
    if (typeof value !== "object" || value === null) return 1;
    const known = this.#sizes.get(value);
    if (known !== undefined) return known;
    let size = 1;
    if (Array.isArray(value)) {
      for (const item of value) size += this.#sizeOf(item);
    } else {
      for (const key in value) {
        if (Object.hasOwn(value, key)) {
          size += this.#sizeOf((value as Record<string, unknown>)[key]);
        }
      }
    }
    this.#sizes.set(value, size);
    return size;
  }
}

/** The loader's anchors, noting the collections still being read. */
class OpeningAnchors extends Map<string, unknown> {
  /** The anchor of the collection whose reader is about to store it. */
  pending: string | null = null;
  /** Collections being read, outermost first. */
  readonly opened: unknown[] = [];
  #open = new Set<unknown>();

  override set(name: string, value: unknown): this {
    if (name === this.pending) {
      this.pending = null;
      this.opened.push(value);
      this.#open.add(value);
    }
    return super.set(name, value);
  }

  /** True while the collection is being read. */
  isOpen(value: unknown): boolean {
    return this.#open.has(value);
  }

  /** Closes the collections opened past `depth`. */
  closeTo(depth: number): void {
    while (this.opened.length > depth) this.#open.delete(this.opened.pop());
  }
}
