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
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { ContextEndedError, run, task, type TaskContext } from "@corun/corun";
 * const outDir = await Deno.makeTempDir();
 * const seen: string[] = [];
 * let kept: TaskContext | undefined;
 * await run({
 *   tasks: [
 *     task("first", function* (ctx) {
 *       kept = ctx; // a context kept past its task's end
 *     }),
 *     task("second", function* (ctx) {
 *       try {
 *         yield* kept!.write("late.txt", "too late");
 *       } catch (error) {
 *         if (!(error instanceof ContextEndedError)) throw error;
 *         seen.push(error.message);
 *         yield* ctx.write("late.txt", "written by the task that runs now");
 *       }
 *     }, { after: ["first"] }),
 *   ],
 * }, { outDir });
 * await Deno.remove(outDir, { recursive: true });
 * assertEquals(seen, ['Cannot ctx.write "late.txt" for task "first": the task has ended']);
 * ```
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
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { type HttpResponse, run, task, UnreadResponsesError } from "@corun/corun";
 * const server = Deno.serve(
 *   { hostname: "127.0.0.1", port: 0, onListen() {} },
 *   (request) => new Response(new URL(request.url).pathname),
 * );
 * const site = `http://127.0.0.1:${server.addr.port}`;
 * const outDir = await Deno.makeTempDir();
 * const bodies: string[] = [];
 * await run({
 *   perHost: 1,
 *   concurrency: 1, // with perHost, the run opens 2 connections to the site at most
 *   tasks: [task("pages", function* (ctx) {
 *     const unread: HttpResponse[] = [];
 *     for (const page of ["/a", "/b", "/c"]) {
 *       try {
 *         unread.push(yield* ctx.request(`${site}${page}`));
 *       } catch (error) {
 *         if (!(error instanceof UnreadResponsesError)) throw error;
 *         // The responses held take every connection: read (or close) them, then ask again.
 *         for (const response of unread.splice(0)) bodies.push(yield* response.body.text());
 *         unread.push(yield* ctx.request(`${site}${page}`));
 *       }
 *     }
 *     for (const response of unread) bodies.push(yield* response.body.text());
 *   })],
 * }, { outDir });
 * await server.shutdown();
 * await Deno.remove(outDir, { recursive: true });
 * assertEquals(bodies, ["/a", "/b", "/c"]);
 * ```
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
