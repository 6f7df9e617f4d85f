/**
 * The fuzzer's seeded randomness: one seed gives the same cases, run after run.
 * @module
 */
/** A small seeded generator (mulberry32): the same seed gives the same cases. */
export class Rng {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0;
  }
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** One of `items`, by weight. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    const total = items.reduce((sum, [weight]) => sum + weight, 0);
    let at = this.next() * total;
    for (const [weight, item] of items) {
      if ((at -= weight) < 0) return item;
    }
    return items[items.length - 1][1];
  }
  bytes(length: number, text: boolean): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) {
      out[i] = text ? TEXT_BYTES[Math.floor(this.next() * TEXT_BYTES.length)] : this.int(0, 255);
    }
    return out;
  }
}

const TEXT_BYTES = new TextEncoder().encode("abcdefghijklmnopqrstuvwxyz0123456789 .,;:-_\n");
