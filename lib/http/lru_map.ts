/**
 * A map that keeps its entries in the order of use, least recently used first, for the cookie
 * jar's limits: storing, using again, removing and finding the least recently used are each O(1).
 *
 * A plain `Map` re-set on every use keeps that order too, but V8 leaves a hole for each deleted
 * entry until the table is next rebuilt, and finding the first entry walks over them: dropping the
 * oldest entry again and again costs time in proportion to the entries dropped before (a jar file
 * of 75,000 cookies cut to 3,000 took seconds). So the order is a linked list of its own.
 * @module
 */

interface Entry<V> {
  key: string;
  value: V;
  older: Entry<V> | undefined;
  newer: Entry<V> | undefined;
}

/**
 * Values by key, least recently used first.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { LruMap } from "./lru_map.ts";
 * const map = new LruMap<number>();
 * map.use("a", 1);
 * map.use("b", 2);
 * map.use("a", 3); // used again: "b" is the least recently used now
 * assertEquals(map.oldest(), 2);
 * assertEquals([...map.values()], [2, 3]);
 * ```
 */
export class LruMap<V> {
  readonly #entries = new Map<string, Entry<V>>();
  #oldest: Entry<V> | undefined;
  #newest: Entry<V> | undefined;

  /** How many entries the map holds. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The value stored under `key`; does not count as a use.
   *
   * @param key The key.
   * @returns The value, or undefined.
   */
  get(key: string): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /**
   * Stores `value` under `key` (replacing what was there) as the most recently used.
   *
   * @param key The key.
   * @param value The value.
   */
  use(key: string, value: V): void {
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = { key, value, older: undefined, newer: undefined };
      this.#entries.set(key, entry);
    } else {
      entry.value = value;
      if (entry === this.#newest) return;
      this.#unlink(entry);
    }
    entry.older = this.#newest;
    entry.newer = undefined;
    if (this.#newest === undefined) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
  }

  /**
   * Removes the entry of `key`.
   *
   * @param key The key.
   * @returns Whether there was one.
   */
  delete(key: string): boolean {
    const entry = this.#entries.get(key);
    if (entry === undefined) return false;
    this.#entries.delete(key);
    this.#unlink(entry);
    return true;
  }

  /**
   * The least recently used value.
   *
   * @returns The value, or undefined when the map is empty.
   */
  oldest(): V | undefined {
    return this.#oldest?.value;
  }

  /**
   * The values, least recently used first, as an array (a copy: the map may change while it is
   * walked).
   *
   * @returns The values.
   */
  toArray(): V[] {
    const values: V[] = [];
    for (let entry = this.#oldest; entry !== undefined; entry = entry.newer) {
      values.push(entry.value);
    }
    return values;
  }

  /**
   * The values, least recently used first.
   *
   * @returns The values.
   */
  *values(): IterableIterator<V> {
    for (let entry = this.#oldest; entry !== undefined; entry = entry.newer) yield entry.value;
  }

  #unlink(entry: Entry<V>): void {
    if (entry.older === undefined) this.#oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.#newest = entry.older;
    else entry.newer.older = entry.older;
  }
}
