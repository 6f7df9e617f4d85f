/**
 * A list task whose list holds no URL fails: a run that fetched nothing because its input was empty
 * is almost always a step before it that failed (a scraper that wrote nothing, a `grep` that matched
 * nothing), and a success would hide it from cron, as `tasks: []` is refused for the same reason.
 * @module
 */
import type { FetchTaskSpec } from "./spec.ts";

/** The error a list task ends with when its list held no URL. */
export class EmptyListError extends Error {
  /** Stable code. */
  readonly code = "EMPTY_LIST";

  /**
   * Says which task's list held no URL.
   *
   * @param spec The task: its name, and its list file.
   */
  constructor(spec: Pick<FetchTaskSpec, "name" | "urls">) {
    const path = spec.urls?.kind === "list" ? spec.urls.path : "";
    super(
      `Task "${spec.name}": its URL list "${path}" holds no URL (the file is empty, or has only ` +
        "blank lines and comments), so nothing was fetched",
    );
    this.name = "EmptyListError";
  }
}
