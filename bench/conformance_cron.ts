/**
 * Runs the cron vectors of other projects (`../shared/conformance/cron-peers/*.json`: croniter,
 * robfig/cron, cron-parser, croner and cronie's crontab(5)) through corun's fire-time computation and
 * prints, per peer, how many agree, with the disagreements grouped by cause.
 *
 * A vector's answer is its `expect` (fire times, or `refuse`); `alt` lists other answers its notes
 * accept. A vector marked `judge: cronie` (daylight-saving changes, where the peers disagree) is judged
 * by a model of cronie's minute loop (`cronie_model.ts`), the cron a system administrator knows.
 *
 * Then it compares corun with the model on random crontab lines in UTC (`--random N`, default 500).
 *
 * `deno run -A bench/conformance_cron.ts [--verbose] [--random N]` (`--verbose` prints each
 * disagreement's times).
 * @module
 */
import { CronSyntaxError, nextFireTimes } from "../lib/schedule/next_fire.ts";
import { createTimeZone } from "../lib/schedule/time_zone.ts";
import { cronieEntry, cronieRuns } from "./cronie_model.ts";

const PEERS_DIR = new URL("../../shared/conformance/cron-peers/", import.meta.url);

/** One vector, as the shared files write it. */
interface Vector {
  id: string;
  cron: string;
  tz: string;
  start: string;
  expect?: string[] | "refuse";
  expectAt?: Record<string, string>;
  alt?: (string[] | "refuse")[];
  judge?: string;
  peer?: string[];
  tags: string[];
}

/** What a vector expects, or what corun answered: fire times, or a refusal. */
type Answer = { times: number[] } | { refused: string };

/** Why corun and a vector's answer differ, by the vector's tags, most specific first. */
const CAUSES: [tag: string, cause: string][] = [
  [
    "gap-fixed",
    "DST gap, fixed time: corun fires the gap's length after the jump (02:30 -> 03:30); cronie at the jump (03:00)",
  ],
  [
    "gap-minute-wild",
    "DST gap, wildcard minute: corun fires each skipped time after the jump; cronie does not catch up wildcard jobs",
  ],
  [
    "repeat-minute-wild",
    "DST repeat, wildcard minute with a fixed hour: corun fires the repeated hour once; cronie (MIN_STAR) in both passes",
  ],
  ["every-hour", "DST change, every-hour expression"],
  ["dst-spring", "DST gap"],
  ["dst-fall", "DST repeat"],
  ["year-field", "a 7th (year) field: corun takes 5 or 6 fields"],
  ["W", '"W" (nearest weekday) is not supported'],
  ["question-mark", '"?" is refused (croner reads it as the time the job was created)'],
];

function answerOf(vector: Vector): Answer | undefined {
  if (vector.judge === "cronie") {
    const entry = cronieEntry(vector.cron);
    if (!entry) return undefined;
    const count = vector.peer?.length || 1;
    return { times: cronieRuns(entry, createTimeZone(vector.tz), Date.parse(vector.start), count) };
  }
  if (vector.expect === "refuse") return { refused: "" };
  if (vector.expect) return { times: vector.expect.map(Date.parse) };
  return undefined;
}

function corunAnswer(vector: Vector, count: number): Answer {
  try {
    const spec = { cron: vector.cron, timezone: vector.tz };
    return { times: nextFireTimes(spec, Date.parse(vector.start), Math.max(count, 1)) };
  } catch (error) {
    if (error instanceof CronSyntaxError || error instanceof RangeError) {
      return { refused: error.message };
    }
    throw error;
  }
}

function same(a: Answer, b: Answer): boolean {
  if ("refused" in a || "refused" in b) return "refused" in a && "refused" in b;
  return a.times.length === b.times.length && a.times.every((time, i) => time === b.times[i]);
}

/** Compares `expectAt` (index -> time) with corun's first times. */
function checkExpectAt(vector: Vector): { ok: boolean; corun: Answer; expected: Answer } {
  const at = Object.entries(vector.expectAt!).map(([index, time]) =>
    [Number(index), time] as const
  );
  const corun = corunAnswer(vector, Math.max(...at.map(([index]) => index)) + 1);
  const expected = { times: at.map(([, time]) => Date.parse(time)) };
  if ("refused" in corun) return { ok: false, corun, expected };
  return {
    ok: at.every(([index, time]) => corun.times[index] === Date.parse(time)),
    corun,
    expected,
  };
}

function causeOf(vector: Vector, corun: Answer, expected: Answer): string {
  for (const [tag, cause] of CAUSES) if (vector.tags.includes(tag)) return cause;
  if ("refused" in corun) return `corun refuses: ${corun.refused.replace(/^[^:]*: /, "")}`;
  if ("refused" in expected) return "corun accepts what the reference refuses";
  return `other (${vector.tags.join(", ")})`;
}

function show(answer: Answer): string {
  if ("refused" in answer) return answer.refused ? `refused (${answer.refused})` : "refused";
  if (answer.times.length === 0) return "never";
  return answer.times.map((time) => new Date(time).toISOString().slice(0, 16)).join(" ");
}

interface PeerTally {
  agree: number;
  agreeAlt: number;
  unjudged: string[];
  /** cause -> vector ids (with details when verbose) */
  disagreements: Map<string, string[]>;
}

async function main(): Promise<void> {
  const verbose = Deno.args.includes("--verbose");
  let names: string[];
  try {
    names = [...Deno.readDirSync(PEERS_DIR)].map((entry) => entry.name)
      .filter((name) => name.endsWith(".json")).sort();
  } catch (error) {
    console.error(
      `conformance_cron: cannot read ${PEERS_DIR.pathname} (${(error as Error).message}); ` +
        "the cron vectors live next to the checkout, in ../shared/conformance/cron-peers/",
    );
    Deno.exit(2);
  }
  const totals = { vectors: 0, agree: 0, agreeAlt: 0, disagree: 0, unjudged: 0 };
  const byCause = new Map<string, number>();
  for (const name of names) {
    const file = JSON.parse(await Deno.readTextFile(new URL(name, PEERS_DIR)));
    const vectors = file.vectors as Vector[];
    const tally: PeerTally = { agree: 0, agreeAlt: 0, unjudged: [], disagreements: new Map() };
    for (const vector of vectors) {
      let ok: boolean;
      let corun: Answer;
      let expected: Answer;
      if (vector.expectAt) ({ ok, corun, expected } = checkExpectAt(vector));
      else {
        const answer = answerOf(vector);
        if (!answer) {
          tally.unjudged.push(vector.id);
          continue;
        }
        expected = answer;
        corun = corunAnswer(vector, "times" in expected ? expected.times.length : 1);
        ok = same(corun, expected);
        if (!ok && vector.alt) {
          const alternatives = vector.alt.map((alt): Answer =>
            alt === "refuse" ? { refused: "" } : { times: alt.map(Date.parse) }
          );
          const altCorun = (alt: Answer) =>
            "times" in alt ? corunAnswer(vector, alt.times.length) : corun;
          if (alternatives.some((alt) => same(altCorun(alt), alt))) {
            tally.agreeAlt++;
            continue;
          }
        }
      }
      if (ok) {
        tally.agree++;
        continue;
      }
      const cause = causeOf(vector, corun, expected);
      const line = verbose
        ? `${vector.id} ${JSON.stringify(vector.cron)} ${vector.tz}: expected ${
          show(expected)
        }; corun ${show(corun)}`
        : vector.id;
      tally.disagreements.set(cause, [...(tally.disagreements.get(cause) ?? []), line]);
      byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
    }
    const disagree = [...tally.disagreements.values()].reduce((sum, ids) => sum + ids.length, 0);
    totals.vectors += vectors.length;
    totals.agree += tally.agree;
    totals.agreeAlt += tally.agreeAlt;
    totals.disagree += disagree;
    totals.unjudged += tally.unjudged.length;
    console.log(
      `${name.replace(/\.json$/, "")} (${file.source.repo}): ${vectors.length} vectors, ` +
        `${tally.agree + tally.agreeAlt} agree` +
        (tally.agreeAlt ? ` (${tally.agreeAlt} through an accepted alternative)` : "") +
        `, ${disagree} disagree` +
        (tally.unjudged.length ? `, ${tally.unjudged.length} not judged` : ""),
    );
    for (const [cause, ids] of tally.disagreements) {
      console.log(`  ${cause}:`);
      for (const id of ids) console.log(`    ${id}`);
    }
    if (tally.unjudged.length) {
      console.log(`  not judged (cronie cannot express them): ${tally.unjudged.join(", ")}`);
    }
  }
  console.log(
    `\nall: ${totals.vectors} vectors, ${totals.agree + totals.agreeAlt} agree ` +
      `(${totals.agreeAlt} through an accepted alternative), ${totals.disagree} disagree, ` +
      `${totals.unjudged} not judged`,
  );
  for (const [cause, count] of byCause) console.log(`  ${count} x ${cause}`);
}

/** A crontab line as an administrator might write one: values, names, ranges, steps, lists. */
function randomCrontabLine(random: () => number): string {
  const pick = (n: number) => Math.floor(random() * n);
  const item = (low: number, high: number, names?: string[]): string => {
    const value = () => {
      const number = low + pick(high - low + 1);
      const name = names?.[number - low];
      return name && pick(3) === 0 ? name : String(number);
    };
    switch (pick(6)) {
      case 0:
        return "*";
      case 1:
        return `*/${1 + pick(Math.min(10, high))}`;
      case 2: {
        const from = low + pick(high - low + 1);
        const to = from + pick(high - from + 1);
        return `${from}-${to}${pick(2) ? `/${1 + pick(4)}` : ""}`;
      }
      default:
        return value();
    }
  };
  const field = (low: number, high: number, names?: string[]) =>
    Array.from({ length: pick(3) === 0 ? 2 + pick(2) : 1 }, () => item(low, high, names)).join(",");
  const days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
  return [field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 7, days)].join(" ");
}

/** corun against the cronie model on random crontab lines in UTC (no clock changes). */
function randomComparison(count: number): void {
  let seed = 20_261_202;
  const random = () => { // mulberry32: the same lines on every run
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const utc = createTimeZone("UTC");
  const differences: string[] = [];
  for (let i = 0; i < count; i++) {
    const cron = randomCrontabLine(random);
    const entry = cronieEntry(cron)!;
    const start = Date.UTC(2020 + Math.floor(random() * 8), 0, 1) + Math.floor(random() * 3e10);
    const corun = nextFireTimes({ cron, timezone: "UTC" }, start, 3);
    const cronie = cronieRuns(entry, utc, start, 3, 30 * 366 * 86_400_000);
    if (!same({ times: corun }, { times: cronie })) {
      differences.push(
        `${cron} after ${new Date(start).toISOString()}: cronie ${show({ times: cronie })}; corun ${
          show({ times: corun })
        }`,
      );
    }
  }
  console.log(
    `\nrandom crontab lines in UTC: ${count} compared with the cronie model, ` +
      `${count - differences.length} agree, ${differences.length} differ`,
  );
  for (const line of differences.slice(0, 10)) console.log(`  ${line}`);
}

if (import.meta.main) {
  await main();
  const randomAt = Deno.args.indexOf("--random");
  randomComparison(randomAt >= 0 ? Number(Deno.args[randomAt + 1]) : 500);
}
