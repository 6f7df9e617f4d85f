/**
 * The error a URL list task fails with when its list cannot be read to its end: gone or unreadable
 * when the task starts, UTF-16, or changed while it was read.
 * @module
 */

/**
 * A URL list that cannot be read. Its message says why whole, in the words a config's check uses
 * (`the file does not exist`); the system's error, when there is one, is its `cause`, for stacks
 * and `--json`, not said again after the message.
 */
export class UrlListError extends Error {
  /** Stable code. */
  readonly code = "URL_LIST";

  /**
   * @param message What is wrong, naming the list.
   * @param options The system's error behind it, if any.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UrlListError";
  }
}
