/**
 * What docs/schema.json tells an editor about the fetch settings is what `corun check` and a run do:
 * the defaults it states are the ones applied, and `insecure` says what it skips.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { configJsonSchema } from "./json_schema.ts";
import { validateConfig } from "./load.ts";

type Property = { description?: string; $ref?: string };
type Definition = { description?: string; properties: Record<string, Property> };

const DEFS = configJsonSchema().$defs as Record<string, Definition>;

/** The description an editor shows for a property: its own, else its definition's. */
function descriptionOf(property: Property): string {
  const definition = property.$ref ? DEFS[property.$ref.replace("#/$defs/", "")] : undefined;
  return property.description ?? definition?.description ?? "";
}

/** The value a description's "Default X." states, as a config would write it. */
function statedDefault(description: string): unknown {
  const match = /Default (.+?)\.(?:\s|$)/.exec(description);
  if (!match) return undefined;
  const text = match[1].replace(/\s*\(.*\)$/, ""); // "1 (none)"
  try {
    return JSON.parse(text);
  } catch {
    return text; // "500ms", "1GiB"
  }
}

/** Fetch settings whose default is not one value (per phase, the environment, none at all). */
const WITHOUT_ONE_DEFAULT = [
  "timeout",
  "headers",
  "caFile",
  "rate",
  "crawl",
  "proxy",
  "noProxy",
  "checksums",
];

function specWithDefaults(defaults: Record<string, unknown>): string {
  return JSON.stringify(
    validateConfig({ defaults, tasks: [{ fetch: "https://example.org/" }] }, "defaults_test.json"),
  );
}

Deno.test("every fetch setting with a default states it in the JSON Schema, and it is the one applied", () => {
  const unstated: string[] = [];
  const wrong: string[] = [];
  const plain = specWithDefaults({});
  for (const [key, property] of Object.entries(DEFS.FetchOptions.properties)) {
    if (WITHOUT_ONE_DEFAULT.includes(key)) continue;
    const stated = statedDefault(descriptionOf(property));
    if (stated === undefined) unstated.push(key);
    else if (specWithDefaults({ [key]: stated }) !== plain) wrong.push(`${key}: ${stated}`);
  }
  assertEquals({ unstated, wrong }, { unstated: [], wrong: [] });
});

Deno.test("the JSON Schema says insecure skips the hostname check, not the certificate chain", () => {
  const description = descriptionOf(DEFS.FetchOptions.properties.insecure);
  assert(description.includes("hostname check"), description);
  assert(description.includes("chain is still verified"), description);
});

Deno.test("every key of a schedule object is described in the JSON Schema, with the default applied", () => {
  const scheduleObject = (DEFS.Schedule as unknown as { anyOf: Definition[] }).anyOf
    .find((branch) => branch.properties)!;
  const specOf = (schedule: Record<string, unknown>) =>
    JSON.stringify(validateConfig({ schedule, tasks: [{ sleep: 1 }] }, "schedule_test.json"));
  const plain = specOf({ cron: "*/10 * * * *" });
  const undescribed: string[] = [];
  const wrong: string[] = [];
  for (const [key, property] of Object.entries(scheduleObject.properties)) {
    const description = descriptionOf(property);
    if (!property.description) undescribed.push(key);
    const stated = statedDefault(description);
    if (stated === undefined || key === "cron") continue;
    if (specOf({ cron: "*/10 * * * *", [key]: stated }) !== plain) wrong.push(`${key}: ${stated}`);
  }
  assertEquals({ undescribed, wrong }, { undescribed: [], wrong: [] });
});

Deno.test("the JSON Schema counts concurrency in fetches in flight, not in tasks", () => {
  const properties = configJsonSchema().properties as Record<string, Property>;
  const description = descriptionOf(properties.concurrency);
  assert(description.includes("fetches may be in flight at once"), description);
  assert(!description.includes("tasks may"), description);
});
