/**
 * The failure of a fetch that cannot be made (a bad list line, a pattern's URL that is no URL): one
 * text for where and why, which the run's record and `corun submit`'s warning both say.
 * @module
 */
import type { FetchTaskSpec } from "./spec.ts";

/** A list line or a pattern's URL that cannot be fetched: the item fails with where and why. */
export class ItemProblemError extends Error {
  /** Stable code. */
  readonly code = "BAD_LIST_LINE";

  /**
   * Says which line of which task's list cannot be fetched, and why.
   *
   * @param spec The task: its name, and its list file, named with the line.
   * @param item The item: its line in the list, if it has one, and its problem.
   */
  constructor(
    spec: Pick<FetchTaskSpec, "name" | "urls">,
    item: { line?: number; problem?: string },
  ) {
    const list = spec.urls?.kind === "list" ? ` of ${spec.urls.path}` : "";
    const where = item.line === undefined ? "" : ` line ${item.line}${list}:`;
    super(`Task "${spec.name}":${where} ${item.problem}`);
    this.name = "ItemProblemError";
  }
}
