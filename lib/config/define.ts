/**
 * Builders for TypeScript configs. They produce the same raw shape as YAML / JSON / TOML configs, so a
 * config can move between formats; `loadConfig` validates them the same way.
 * @module
 */
import type { Operation } from "../loop/mod.ts";
import type { TaskContext } from "../tasks/context.ts";
import type {
  ConfigInput,
  CustomTaskInput,
  DurationInput,
  FetchOptionsInput,
  FetchTaskInput,
  RequestInput,
  ScheduleInput,
  SleepTaskInput,
} from "./input_types.ts";

/** Options every task builder takes. */
export interface TaskOptions {
  /** Names of tasks that must succeed first. */
  after?: string[];
  /** A cron schedule for this task. */
  schedule?: ScheduleInput;
}

/** Options of `fetchTask`: where to save, a response callback, and any fetch setting. */
export interface FetchTaskOptions extends TaskOptions, FetchOptionsInput {
  /**
   * Path template under `outDir`, such as `"{host}/{uuid}.html"`; the body is not saved when absent.
   * With a URL pattern, `{1}`, `{2}`, ... are the parts it matched.
   */
  save?: string;
  /** The digest the saved body must have: `sha256:HEX` or `sha512:HEX` (a task of one URL). */
  checksum?: string;
  /** `false`: `[` `]` `{` `}` in the URL are taken as written, not as a pattern. @default true */
  glob?: boolean;
  /** Called with the response inside the task's coroutine. */
  onResponse?: FetchTaskInput["onResponse"];
}

/**
 * Declares a config, typed. Returns its argument unchanged.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { defineConfig, fetchTask, sleepTask } from "@corun/corun";
 * const config = defineConfig({
 *   outDir: "out",
 *   tasks: [
 *     sleepTask("task-1", "3s"),
 *     fetchTask("blog", "https://example.com/", { save: "blog.html", retries: 3 }),
 *   ],
 * });
 * assertEquals(config.tasks[1], {
 *   name: "blog",
 *   fetch: "https://example.com/",
 *   save: "blog.html",
 *   retries: 3,
 * });
 * export default config;
 * ```
 * @param config The config, shaped like a config file's content.
 * @returns The same config.
 */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}

/**
 * A task that waits.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { sleepTask } from "@corun/corun";
 * assertEquals(sleepTask("pause", "1h30m", { after: ["fetch-index"] }), {
 *   name: "pause",
 *   sleep: "1h30m",
 *   after: ["fetch-index"],
 * });
 * ```
 *
 * @param name Unique task name.
 * @param duration `"3s"`, `"1500ms"`, `"1h30m"`, or a number of seconds.
 * @param options Dependencies and schedule.
 * @returns The raw task.
 */
export function sleepTask(
  name: string,
  duration: DurationInput,
  options: TaskOptions = {},
): SleepTaskInput {
  return { name, sleep: duration, ...options };
}

/**
 * A task that fetches a URL.
 *
 * @example
 * ```ts
 * import { fetchTask } from "@corun/corun";
 * fetchTask("search", { url: "https://example.com/search", method: "POST", body: { json: { q: "x" } } }, {
 *   save: "{host}/{uuid}.json",
 *   timeout: "10s",
 * });
 * ```
 * @example A URL pattern, and a list file, with politeness
 * ```ts
 * import { fetchTask } from "@corun/corun";
 * fetchTask("pages", "https://example.com/page/[1-100].html", { save: "pages/{1}.html", rate: "5/s" });
 * fetchTask("listed", { urls: "urls.txt" }, { save: "{host}/{path}", delay: "1s", jitter: "500ms" });
 * ```
 * @param name Unique task name.
 * @param urlOrRequest An `http:` / `https:` URL or URL pattern, or a request
 *   `{ url | urls, method, headers, body, auth }`.
 * @param options Where to save, a response callback, dependencies, schedule, and fetch settings.
 * @returns The raw task.
 */
export function fetchTask(
  name: string,
  urlOrRequest: string | RequestInput,
  options: FetchTaskOptions = {},
): FetchTaskInput {
  return { name, fetch: urlOrRequest, ...options };
}

/**
 * A task written as a generator function, run as a coroutine on corun's loop.
 *
 * @example
 * ```ts
 * import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
 * import { task } from "@corun/corun";
 * const length = task("length", function* (ctx) {
 *   const page = yield* ctx.fetch("https://example.com/");
 *   yield* ctx.write("length.txt", String(page.body.byteLength));
 * }, { after: ["warm-up"] });
 * assertEquals([length.name, length.after], ["length", ["warm-up"]]); // declared, not run
 * ```
 * @param name Unique task name.
 * @param run The coroutine; it gets the task's context.
 * @param options Dependencies and schedule.
 * @returns The raw task.
 */
export function task(
  name: string,
  run: (ctx: TaskContext) => Operation<unknown>,
  options: TaskOptions = {},
): CustomTaskInput {
  return { name, run, ...options };
}
