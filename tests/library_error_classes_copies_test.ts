/**
 * A TypeScript config run by the bundled command line imports `mod.ts` from the sources: the run's
 * copy of corun makes the errors, the config's copy has the classes it catches them with. The
 * custom tasks' errors (`ContextEndedError`, `UnreadResponsesError`, `EnqueueSaveError`) and
 * `ctx.fetch`'s `NetError` were not `instanceof` the config's classes, only their `code` told
 * them; now they are, as `HttpError` and the loop's errors were. A second copy is loaded here through a link to the sources.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  ConfinementError,
  ContextEndedError,
  defineConfig,
  EnqueueSaveError,
  NameTooLongError,
  NetError,
  type Operation,
  SaveCollisionError,
  type TaskContext,
  UnreadResponsesError,
} from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const SOURCES = decodeURIComponent(new URL("..", import.meta.url).pathname);

Deno.test("errors a custom task meets, made by another copy of corun, are instanceof mod.ts's classes", async () => {
  await using server = startRouteServer({ "/page": { body: "page" } });
  const dir = await Deno.makeTempDir({ prefix: "corun-library-copies-" });
  try {
    await Deno.symlink(SOURCES, `${dir}/corun`);
    const other: typeof import("../mod.ts") = await import(`file://${dir}/corun/mod.ts`);
    const caught: string[] = [];
    const check = (error: unknown, kind: string, isInstance: boolean) =>
      caught.push(`${kind}: ${isInstance} (${(error as { code?: string }).code})`);
    let kept: TaskContext | undefined;
    await other.run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        perHost: 1,
        concurrency: 1,
        tasks: [
          other.task("enqueue", function* (ctx) {
            kept = ctx;
            try {
              yield* ctx.enqueue(server.url("/page"), { save: "/absolute" });
            } catch (error) {
              check(error, "EnqueueSaveError", error instanceof EnqueueSaveError);
            }
          }),
          other.task("later", function* (ctx) {
            try {
              yield* ctx.fetch("http://127.0.0.1:9/", { retries: 0 }); // nothing listens there
            } catch (error) {
              check(error, "NetError", error instanceof NetError);
            }
            try {
              yield* kept!.write("late.txt", "late");
            } catch (error) {
              check(error, "ContextEndedError", error instanceof ContextEndedError);
            }
            try {
              for (;;) yield* ctx.request(server.url("/page")); // each left unread
            } catch (error) {
              check(error, "UnreadResponsesError", error instanceof UnreadResponsesError);
            }
          }, { after: ["enqueue"] }),
        ],
      }),
      { state: false },
    );
    assertEquals(caught, [
      "EnqueueSaveError: true (ENQUEUE_SAVE)",
      "NetError: true (CONNECT_FAILED)",
      "ContextEndedError: true (CONTEXT_ENDED)",
      "UnreadResponsesError: true (UNREAD_RESPONSES)",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("errors of ctx.write and ctx.append, made by another copy of corun, are instanceof mod.ts's classes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-library-copies-" });
  try {
    await Deno.symlink(SOURCES, `${dir}/corun`);
    const other: typeof import("../mod.ts") = await import(`file://${dir}/corun/mod.ts`);
    const caught: string[] = [];
    const attempt = function* (
      kind: string,
      isInstance: (error: unknown) => boolean,
      write: Operation<string>,
    ) {
      try {
        yield* write;
      } catch (error) {
        caught.push(`${kind}: ${isInstance(error)} (${(error as { code?: string }).code})`);
      }
    };
    await other.run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        tasks: [
          other.task("first", function* (ctx) {
            yield* ctx.write("mine.txt", "first");
          }),
          other.task("second", function* (ctx) {
            yield* attempt(
              "ConfinementError",
              (error) => error instanceof ConfinementError,
              ctx.write("../escape.txt", "x"),
            );
            yield* attempt(
              "SaveCollisionError",
              (error) => error instanceof SaveCollisionError,
              ctx.append("mine.txt", "x"),
            );
            yield* attempt(
              "NameTooLongError",
              (error) => error instanceof NameTooLongError,
              ctx.write("x".repeat(300), "x"),
            );
          }, { after: ["first"] }),
        ],
      }),
      { state: false },
    );
    assertEquals(caught, [
      "ConfinementError: true (PATH_ESCAPES_OUTDIR)",
      "SaveCollisionError: true (SAVE_COLLISION)",
      "NameTooLongError: true (NAME_TOO_LONG)",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
