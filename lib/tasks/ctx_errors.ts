/**
 * The errors a `ctx` method throws of its own: a call after its task or callback ended, and a
 * `ctx.request` that could only wait forever for a connection its task holds.
 * @module
 */
import { brandClass } from "../loop/mod.ts";
import { originOf } from "./url_origin.ts";

/**
 * A context used after the task (or the `onResponse` call) it was given to has ended: nothing is
 * fetched, written or enqueued for a task that is over.
 */
export class ContextEndedError extends Error {
  static {
    // A TypeScript config run by the bundled command line catches it with mod.ts's class.
    brandClass(this, "ContextEndedError");
  }

  /** Stable code for callers that branch. */
  readonly code = "CONTEXT_ENDED";

  /**
   * Says which call came too late, for which task.
   *
   * @param call What was asked (`ctx.write "a.txt"`).
   * @param task The task's name.
   * @param owner What ended (`the task`, `its onResponse for https://…`).
   */
  constructor(call: string, task: string, owner: string) {
    super(`Cannot ${call} for task "${task}": ${owner} has ended`);
    this.name = "ContextEndedError";
  }
}

/**
 * A `ctx.request` that could only wait forever: the responses its task holds unread already take
 * every connection the run opens to the origin, and only the task itself could give one back.
 */
export class UnreadResponsesError extends Error {
  static {
    brandClass(this, "UnreadResponsesError");
  }

  /** Stable code for callers that branch. */
  readonly code = "UNREAD_RESPONSES";

  /**
   * Says which request could only wait, and what holds the connections.
   *
   * @param url The URL asked for.
   * @param task The task's name.
   * @param held How many responses of the origin the task holds unread.
   */
  constructor(url: string, task: string, held: number) {
    super(
      `Cannot ctx.request ${url} for task "${task}": it holds ${held} responses of ` +
        `${originOf(url)} whose bodies are neither read to the end nor closed, every connection ` +
        "the run opens to that origin; read or close them (response.body.close()) first",
    );
    this.name = "UnreadResponsesError";
  }
}
