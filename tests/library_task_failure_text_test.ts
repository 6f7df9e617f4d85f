/**
 * A custom task whose own code fails says what and where, as an uncaught error in Deno does: the
 * error's name, its message, the place in the task's code, its causes and an aggregate's errors.
 * Only `error.message` was kept: `throw new TypeError()` read as an empty message, and a bug
 * ("Cannot read properties of undefined") named no file or line.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  call,
  defineConfig,
  fetchTask,
  type FetchTaskInput,
  run,
  type RunEvent,
  sleep,
  task,
} from "../mod.ts";
import { testFilePlace } from "./fixtures/failure_place.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

const SOURCES = decodeURIComponent(new URL("..", import.meta.url).pathname);

/** A bug in the task's own helper. */
function itemCount(page: unknown): number {
  return (page as { items: unknown[] }).items.length;
}

Deno.test("a custom task's failure names the error, where its code threw it, its causes and an aggregate's errors", async () => {
  const ended: Record<string, string | undefined> = {};
  const report = await run(
    defineConfig({
      metadata: false,
      tasks: [
        task("bug", function* () {
          yield* sleep(1);
          itemCount({});
        }),
        task("awaited-bug", function* () {
          yield* call(async () => itemCount(await Promise.resolve({})));
        }),
        task("empty", function* () {
          yield* sleep(1);
          throw new TypeError();
        }),
        task("cause", function* () {
          yield* sleep(1);
          throw new Error("cannot sync", { cause: new RangeError("disk full") });
        }),
        task("aggregate", function* () {
          yield* sleep(1);
          const errors = [new Error("a"), new Error("b"), "c", new Error("d"), new Error("e")];
          throw new AggregateError(errors, "several failed");
        }),
        task("coded", function* () {
          yield* sleep(1);
          throw Object.assign(new Error("quota spent"), { code: "QUOTA" });
        }),
        task("value", function* () {
          yield* sleep(1);
          throw { code: 3 };
        }),
      ],
    }),
    {
      virtualTime: true,
      state: false,
      onEvent: (event: RunEvent) => {
        if (event.type === "task-end") ended[event.result.name] = event.result.error?.message;
      },
    },
  );
  const here = "library_task_failure_text_test.ts";
  const expected = [
    ["bug", `TypeError: Cannot read properties of undefined (reading 'length') (at ${here})`],
    [
      "awaited-bug",
      `TypeError: Cannot read properties of undefined (reading 'length') (at ${here})`,
    ],
    ["empty", `TypeError (at ${here})`],
    ["cause", `Error: cannot sync (at ${here}); caused by: RangeError: disk full`],
    [
      "aggregate",
      `AggregateError: several failed (at ${here}); error 1 of 5: Error: a; error 2 of 5: ` +
      "Error: b; error 3 of 5: c; and 2 more",
    ],
    ["coded", `Error: quota spent (at ${here})`], // its code, QUOTA, kept beside
    ["value", "{ code: 3 }"],
  ];
  assertEquals(report.tasks.map((t) => [t.name, testFilePlace(t.error?.message)]), expected);
  // Each task-end event says the same, in the order the tasks ended.
  assertEquals(
    Object.entries(ended).map(([name, message]) => [name, testFilePlace(message)]).sort(),
    expected.toSorted(),
  );
  // The place is the line of the task's code that threw: the helper's property read.
  const line = report.tasks[0].error!.message.match(/_test\.ts:(\d+):\d+\)$/)![1];
  assertEquals(Number(line), 25);
});

Deno.test("an error corun raises in a task says corun's message and the place in the task's code, also from another copy of corun", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-failure-text-" });
  try {
    await Deno.symlink(SOURCES, `${dir}/corun`);
    // A TypeScript config run by the bundled command line has a copy of its own, as this one.
    const other: typeof import("../mod.ts") = await import(`file://${dir}/corun/mod.ts`);
    const report = await run(
      defineConfig({
        metadata: false,
        tasks: [
          task("own-copy", function* () {
            yield* sleep("3s" as unknown as number);
          }),
          task("other-copy", function* () {
            yield* other.sleep("3s" as unknown as number);
          }),
        ],
      }),
      { virtualTime: true, state: false },
    );
    const refused = (name: string) =>
      `Cannot sleep "3s" in task "${name}": expected a number of milliseconds ` +
      "(at library_task_failure_text_test.ts)";
    assertEquals(report.tasks.map((t) => [t.name, testFilePlace(t.error?.message)]), [
      ["own-copy", refused("own-copy")],
      ["other-copy", refused("other-copy")],
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an onResponse callback whose own code fails says the error's name and where, in the report and the metadata line", async () => {
  await using server = startRouteServer({ "/page": { body: "page" } });
  const outDir = await Deno.makeTempDir({ prefix: "corun-callback-failure-text-" });
  try {
    const url = server.url("/page");
    const report = await run(
      defineConfig({
        outDir,
        tasks: [
          fetchTask("bug", url, {
            *onResponse() {
              yield* sleep(1);
              itemCount({});
            },
          }),
          fetchTask("plain", url, {
            onResponse: (() => {
              throw new Error("boom");
            }) as FetchTaskInput["onResponse"],
          }),
          fetchTask("async", url, {
            async onResponse() {
              await Promise.resolve();
              throw new RangeError("late");
            },
          }),
          // One with a code that the callback's own code raised is said as any other, its code
          // kept; corun's own errors keep their message.
          fetchTask("coded", url, {
            *onResponse() {
              yield* sleep(1);
              throw Object.assign(new Error("quota spent"), { code: "QUOTA" });
            },
          }),
          fetchTask("refused", url, {
            *onResponse(_response, ctx) {
              yield* ctx.write("count.txt", 5 as unknown as string);
            },
          }),
        ],
      }),
      { state: false },
    );
    const here = "library_task_failure_text_test.ts";
    const expected = [
      ["bug", `TypeError: Cannot read properties of undefined (reading 'length') (at ${here})`],
      ["plain", `Error: boom (at ${here})`],
      ["async", `RangeError: late (at ${here})`],
      ["coded", `Error: quota spent (at ${here})`],
      [
        "refused",
        'Cannot ctx.write "count.txt" for task "refused": expected the data as text or a ' +
        `Uint8Array, got a value of type number (at ${here})`,
      ],
    ];
    assertEquals(report.tasks.map((t) => [t.name, testFilePlace(t.error?.message)]), expected);
    // The metadata line of each fetch says the same, its code the error's name.
    const lines = (await Deno.readTextFile(`${outDir}/corun.jsonl`)).trim().split("\n")
      .map((line) => JSON.parse(line));
    assertEquals(
      lines.map((line) => [line.task, line.error.code, testFilePlace(line.error.message)]).sort(),
      expected.map(([name, message], index) => [
        name,
        ["TypeError", "Error", "RangeError", "QUOTA", "TypeError"][index],
        message,
      ]).sort(),
    );
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
