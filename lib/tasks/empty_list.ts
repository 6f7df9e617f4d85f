/**
 * A list task whose list holds no URL fails: a run that fetched nothing because its input was empty
 * is almost always a step before it that failed (a scraper that wrote nothing, a `grep` that matched
 * nothing), and a success would hide it from cron, as `tasks: []` is refused for the same reason.
 * A list that is empty on purpose on quiet days ("new since yesterday") says so with
 * `allowEmptyList: true`: its task is then done, with 0 fetches.
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
        "blank lines and comments), so nothing was fetched; a list that may be empty on purpose " +
        "takes allowEmptyList: true beside its urls",
    );
    this.name = "EmptyListError";
  }
}

/** A list that held no URL, which its task allows (`allowEmptyList: true`): done, with 0 fetches. */
export const EMPTY_LIST_ALLOWED: unique symbol = Symbol("empty list allowed");

/**
 * Whether a task's list may hold no URL (`allowEmptyList: true`): its task is then done.
 *
 * @param spec The task.
 * @returns True for a list task that allows an empty list.
 */
export function emptyListAllowed(spec: Pick<FetchTaskSpec, "urls">): boolean {
  return spec.urls?.kind === "list" && spec.urls.allowEmpty === true;
}

/**
 * What a task whose URLs gave `fetches` fetches ends with, for its list: the run's and a shared
 * queue's submit alike.
 *
 * @param spec The task.
 * @param fetches How many fetches its URLs gave (put in the frontier, or in the queue).
 * @returns {@linkcode EMPTY_LIST_ALLOWED} for a list that held no URL and may; the error for one
 *   that held none and may not; undefined for any other task, which ends as its fetches do.
 */
export function emptyListEnd(
  spec: Pick<FetchTaskSpec, "name" | "urls">,
  fetches: number,
): EmptyListError | typeof EMPTY_LIST_ALLOWED | undefined {
  if (fetches > 0 || spec.urls?.kind !== "list") return undefined;
  return emptyListAllowed(spec) ? EMPTY_LIST_ALLOWED : new EmptyListError(spec);
}
