/**
 * The asyncio lesson corun grew from, as a corun config: two sleeping tasks (3 s and 2 s, finishing
 * together after about 3 s, not 5) and two HTTPS pages fetched with a hand-written GET whose callback
 * saves each body as `<host>/<uuid>.html`.
 *
 *     deno run --no-lock --allow-net --allow-read --allow-write --allow-env tasks/lesson.ts
 *
 * @module
 */
import {
  type ConfigInput,
  defineConfig,
  fetchTask,
  type HttpResponse,
  type Operation,
  runMain,
  sleepTask,
  type TaskContext,
} from "../mod.ts";

/** The lesson's two pages. Tests point them at a local server. */
export interface LessonSites {
  search: string;
  blog: string;
}

const REAL_SITES: LessonSites = {
  search: "https://www.baidu.com/s?wd=%E7%BE%8E%E5%A5%B3",
  blog: "https://www.cnblogs.com/",
};

/** The lesson's `callback(host, body)`: save the page under a fresh UUID. */
function* saveWithUuid(response: HttpResponse, ctx: TaskContext): Operation<void> {
  const body = yield* response.body.bytes();
  const host = new URL(response.url).host.replace(":", "_");
  yield* ctx.write(`${host}/${crypto.randomUUID()}.html`, body);
}

/**
 * Builds the lesson's config.
 *
 * @param sites The two pages to fetch.
 * @param caFile Extra CA certificate to trust (tests use their own CA).
 * @returns The config.
 */
export function lessonConfig(sites: LessonSites = REAL_SITES, caFile?: string): ConfigInput {
  return defineConfig({
    outDir: "../out/lesson",
    defaults: { caFile, headers: { "User-Agent": "corun lesson" } },
    tasks: [
      sleepTask("task-1", "3s"),
      sleepTask("task-2", "2s"),
      fetchTask("search", sites.search, { onResponse: saveWithUuid }),
      fetchTask("blog", sites.blog, { onResponse: saveWithUuid }),
    ],
  });
}

export default lessonConfig();

if (import.meta.main) await runMain(import.meta.url);
