/**
 * `ctx.log` of a value that is not text (an object, an Error, a number) shows it as `console.log`
 * would, on one line, instead of "[object Object]" in the plain log and the object itself in a
 * `log` event whose type says text; text is logged as it is, and the plain log keeps each call on
 * one line whatever it holds.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run, type RunEvent, task } from "../mod.ts";
import { PlainLog } from "../lib/cli/plain_log.ts";

Deno.test("ctx.log of an object, an Error or a number logs readable text, one line per call", async () => {
  const events: RunEvent[] = [];
  const outDir = await Deno.makeTempDir({ prefix: "corun-library-ctx-log-" });
  const report = await run(
    defineConfig({
      outDir,
      metadata: false,
      tasks: [
        task("logger", function* (ctx) {
          const log = ctx.log as (message: unknown) => void; // as a JavaScript config calls it
          log({ page: 2, title: "two\nlines", tags: ["a", "b"] });
          log(new RangeError("page 7 is out of range"));
          log(42);
          log(undefined);
          log("text\nas it is");
          yield* ctx.sleep(1);
        }),
      ],
    }),
    { state: false, virtualTime: true, onEvent: (event) => void events.push(event) },
  ).finally(() => Deno.remove(outDir, { recursive: true }));
  assertEquals(report.tasks.map((t) => [t.name, t.outcome]), [["logger", "done"]]);
  const logged = events.filter((event) => event.type === "log");
  assertEquals(logged.map((event) => event.message), [
    '{ page: 2, title: "two\\nlines", tags: [ "a", "b" ] }',
    "RangeError: page 7 is out of range",
    "42",
    "undefined",
    "text\nas it is",
  ]);
  const written: string[] = [];
  const plain = new PlainLog({ write: (text) => void written.push(text) }, {
    now: () => new Date(0),
  });
  for (const event of logged) plain.event(event);
  plain[Symbol.dispose]();
  assertEquals(written.join("").split("\n"), [
    '1970-01-01T00:00:00.000Z logger: { page: 2, title: "two\\nlines", tags: [ "a", "b" ] }',
    "1970-01-01T00:00:00.000Z logger: RangeError: page 7 is out of range",
    "1970-01-01T00:00:00.000Z logger: 42",
    "1970-01-01T00:00:00.000Z logger: undefined",
    "1970-01-01T00:00:00.000Z logger: text\\nas it is",
    "",
  ]);
});
