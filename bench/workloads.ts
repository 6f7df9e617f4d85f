/**
 * The peer-benchmark workloads: which corpus, over which scheme, at what concurrency.
 * @module
 */

/** A corpus served by the shared nginx (`../shared/bench/server.sh`). */
export type Corpus = "small" | "mid" | "big";

/** How the corpus is fetched. */
export type Scheme = "http" | "https";

/** One row of the results table. */
export interface Workload {
  /** `small-http` and so on; also the name `--only` takes. */
  id: string;
  corpus: Corpus;
  scheme: Scheme;
  /** Requests in flight at once, for every peer. */
  concurrency: number;
  /** What the corpus is, for the table. */
  label: string;
}

/** Every workload, in the order they run and appear in the table. */
export const WORKLOADS: readonly Workload[] = [
  { id: "small-http", corpus: "small", scheme: "http", concurrency: 64, label: "10,000 × 1 KiB" },
  { id: "small-https", corpus: "small", scheme: "https", concurrency: 64, label: "10,000 × 1 KiB" },
  { id: "mid-http", corpus: "mid", scheme: "http", concurrency: 16, label: "64 × 1 MiB" },
  { id: "big-http", corpus: "big", scheme: "http", concurrency: 1, label: "1 × 256 MiB" },
  { id: "big-https", corpus: "big", scheme: "https", concurrency: 1, label: "1 × 256 MiB" },
];

/**
 * Picks workloads by id, keeping the table's order.
 *
 * @param ids Ids such as `small-http`, or empty for every workload.
 * @returns The chosen workloads.
 * @throws {RangeError} When an id names no workload.
 */
export function selectWorkloads(ids: readonly string[]): Workload[] {
  const known = new Set(WORKLOADS.map((workload) => workload.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new RangeError(
      `Cannot select workloads: ${unknown.join(", ")} unknown (known: ${[...known].join(", ")})`,
    );
  }
  return ids.length === 0 ? [...WORKLOADS] : WORKLOADS.filter((w) => ids.includes(w.id));
}
