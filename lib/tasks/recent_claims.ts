/**
 * The last save paths claimed, a fixed number of them, by path: what a run of one writing task
 * (solo_files.ts) and a worker of a shared queue (saved_paths.ts) remember of saves they keep no
 * claim of for good. A fixed cost (~200 bytes a claim), however many saves are made.
 * @module
 */

/**
 * Recent claims kept. Enough for every save in flight at once (`concurrency`, in the tens) with many
 * saves made meanwhile, and a list sorted by path (`a/b` just before `a/b/c.html`) names the other
 * URL; a fixed cost (~200 bytes each), whatever the length of the list.
 */
export const RECENT_FILES = 1024;

/** A recent claim, and its place in the ring of the last claims. */
interface HeldClaim<C> {
  readonly claim: C;
  readonly slot: number;
  /**
   * Claims of the path by its task beyond the first, kept (two URLs rendering one path): a failed
   * save's release takes one, and forgets the path only when it was the last.
   */
  readonly more: number;
}

/** The last claims of save paths: who claimed each (`C`, with its task). */
export class RecentClaims<C extends { readonly task: string }> {
  /** The recent claims by path, oldest first (a claim again moves its path last). */
  readonly #recent = new Map<string, HeldClaim<C>>();
  /**
   * The paths of the last claims, a ring in claim order: the one to forget is found at once. A
   * Map's first key is not: each deleted entry before it is stepped over until the table is
   * rebuilt, hundreds a claim at this size.
   */
  readonly #ring: (string | undefined)[];
  #nextSlot = 0;

  /** @param capacity Claims kept. @default RECENT_FILES */
  constructor(capacity = RECENT_FILES) {
    this.#ring = new Array(capacity).fill(undefined);
  }

  /**
   * Records a claim of `path`, the newest; the oldest kept goes when there are too many. A claim
   * of a kept path by its task counts as one more holding it (see {@linkcode released}).
   *
   * @param path The normalised path.
   * @param claim Who claimed it.
   */
  claimed(path: string, claim: C): void {
    const recent = this.#recent;
    const held = recent.get(path);
    const more = held?.claim.task === claim.task ? held.more + 1 : 0;
    const slot = this.#nextSlot;
    const oldest = this.#ring[slot];
    // Its slot is its newest claim's unless claimed again since, or released.
    if (oldest !== undefined && recent.get(oldest)?.slot === slot) recent.delete(oldest);
    this.#ring[slot] = path;
    this.#nextSlot = slot + 1 === this.#ring.length ? 0 : slot + 1;
    recent.delete(path);
    recent.set(path, { claim, slot, more });
  }

  /**
   * Gives back a claim whose save failed (no file was committed there): the path is forgotten
   * when no other claim of its task holds it (in flight, or saved).
   *
   * @param path The normalised path.
   * @param task The task that claimed it.
   */
  released(path: string, task: string): void {
    const held = this.#recent.get(path);
    if (held?.claim.task !== task) return;
    if (held.more === 0) this.#recent.delete(path);
    else this.#recent.set(path, { ...held, more: held.more - 1 });
  }

  /**
   * Forgets the path's claim by `task`, however many of its claims hold it: the path is another's.
   *
   * @param path The normalised path.
   * @param task The task that claimed it.
   */
  forgotten(path: string, task: string): void {
    if (this.#recent.get(path)?.claim.task === task) this.#recent.delete(path);
  }

  /**
   * The recent claim of `path`.
   *
   * @param path The normalised path.
   * @returns Who claimed it, when it is among the last claims.
   */
  get(path: string): C | undefined {
    return this.#recent.get(path)?.claim;
  }

  /** The recent claims, oldest first: each path with who claimed it. */
  *[Symbol.iterator](): IterableIterator<[string, C]> {
    for (const [path, { claim }] of this.#recent) yield [path, claim];
  }

  /** Recent claims kept (for a test that they stay few). */
  get size(): number {
    return this.#recent.size;
  }
}
