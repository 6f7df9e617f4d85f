/**
 * `corun run --trace` then `corun report`: the page tells a fetch that waited for its origin's
 * `delay` from one that waited for a slot, for the whole wait: a paced origin's backlog waits gap
 * after gap, never `queued` but before the first start.
 */
import { assert, assertEquals, assertStringIncludes } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { run } from "../tasks/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { COLOURS } from "./report_html.ts";

/** Ten pages, each a small body. */
const ROUTES = Object.fromEntries(
  Array.from({ length: 10 }, (_, i) => [`/p/${i + 1}`, { body: "page" }]),
);

/** A coloured stretch of a timeline row: its first pixel column, width, and fill. */
interface Rect {
  x: number;
  width: number;
  fill: string;
}

/** The rects of the timeline row labelled `label`. */
function rowRects(page: string, label: string): Rect[] {
  const start = page.indexOf(`data-label="${label}"`);
  assert(start >= 0, `no row ${label}`);
  const row = page.slice(start, page.indexOf("</g>", start));
  return [...row.matchAll(/<rect x="(\d+)" y="\d+" width="(\d+)" height="\d+" fill="([^"]+)"/g)]
    .map(([, x, width, fill]) => ({ x: Number(x), width: Number(width), fill }));
}

/**
 * Runs the ten pages in virtual time with `fetch`'s settings and `concurrency`, traced, and
 * returns the report page.
 */
async function reportOf(fetch: Record<string, unknown>, concurrency: number): Promise<string> {
  await using server = startRouteServer(ROUTES);
  const dir = await Deno.makeTempDir({ prefix: "corun-report-waits-" });
  try {
    const config = validateConfig({
      concurrency,
      tasks: [{
        name: "pages",
        fetch: { url: server.url("/p/[1-10]"), ...fetch },
        save: "{1}.txt",
      }],
    }, "tasks.yaml");
    const world = createFakeWorld({ configs: { "tasks.yaml": config }, run });
    const trace = `${dir}/trace.json`;
    const args = ["run", "tasks.yaml", "--virtual-time", "--out", dir, "--trace", trace];
    assertEquals(await main(args, world.host), EXIT_CODES.ok, world.stderr());
    assertEquals(await main(["report", trace], world.host), EXIT_CODES.ok, world.stderr());
    return await Deno.readTextFile(`${dir}/trace.html`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a fetch that waits behind its origin's delay is shown waiting for the origin's rate/delay, all its wait", async () => {
  // Four slots, and one fetch at a time for the delay: no fetch ever waits for a slot.
  const page = await reportOf({ delay: "100ms" }, 4);
  const waiting = rowRects(page, "waiting fetches");
  const polite = waiting.filter((rect) => rect.fill === COLOURS.politeness);
  assert(polite.length > 0, "no wait for the origin on the timeline");
  // Before the first fetch started, the others waited for a worker to take them: after it, only
  // for the origin. (Told `queued` but for the last gap, 9 fetches waiting looked like 1 paced.)
  const firstStart = rowRects(page, "connection 1")[0].x;
  const queued = waiting.filter((rect) => rect.fill === COLOURS.queued);
  for (const rect of queued) {
    assert(
      rect.x + rect.width <= firstStart + 1,
      `queued at column ${rect.x}, after the first start at ${firstStart}: ${
        JSON.stringify(waiting)
      }`,
    );
  }
  const politeEnd = Math.max(...polite.map((rect) => rect.x + rect.width));
  assert(politeEnd > firstStart + 1, "the origin's waits go on after the first start");
  assertStringIncludes(
    page,
    `<i style="background:${COLOURS.politeness}"></i>waiting for the origin&#39;s rate/delay</span>`,
  );
  const totals = page.slice(page.indexOf("<th>time by phase</th>"), page.indexOf("</table>"));
  assertStringIncludes(totals, "waiting for the origin&#39;s rate/delay");
});

Deno.test("a fetch that waits for a slot, with no delay, is shown queued for a slot", async () => {
  const page = await reportOf({}, 1);
  const fills = new Set(rowRects(page, "waiting fetches").map((rect) => rect.fill));
  assert(fills.has(COLOURS.queued), "no wait for a slot on the timeline");
  assert(!fills.has(COLOURS.politeness), "a wait for the origin without a delay");
  assertStringIncludes(
    page,
    `<i style="background:${COLOURS.queued}"></i>queued for a slot</span>`,
  );
});
