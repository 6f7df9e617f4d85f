import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { builtinFetchDefaults } from "./defaults.ts";
import { mergeFetchOptions, normalizeConfig } from "./normalize.ts";
import type { ValidConfigInput } from "./schema.ts";
import type { FetchTaskSpec } from "../tasks/spec.ts";

const BASE_DIR = "/configs";

function normalize(input: ValidConfigInput) {
  return normalizeConfig(input, { baseDir: BASE_DIR });
}

Deno.test("normalizeConfig() fills in every default of an almost empty config", () => {
  assertEquals(normalize({ tasks: [{ sleep: "3s" }] }), {
    outDir: "/configs/out",
    concurrency: 16,
    perHost: 6,
    origins: {},
    metadata: "corun.jsonl",
    defaults: builtinFetchDefaults(),
    tasks: [{ kind: "sleep", name: "task-1", after: [], durationMs: 3000 }],
  });
});

Deno.test("normalizeConfig() gives unnamed tasks their 1-based position as name", () => {
  const spec = normalize({ tasks: [{ sleep: 1 }, { name: "x", sleep: 1 }, { sleep: 0.5 }] });
  assertEquals(spec.tasks.map((task) => task.name), ["task-1", "x", "task-3"]);
});

Deno.test("normalizeConfig() merges task settings over config defaults over built-ins", () => {
  const spec = normalize({
    defaults: {
      retries: 5,
      timeout: "20s",
      maxBodySize: "1MiB",
      headers: { "User-Agent": "a", X: "1" },
    },
    tasks: [
      { fetch: "https://a.example/" },
      {
        fetch: { url: "https://b.example/", maxRedirects: 0, headers: { "user-agent": "b" } },
        retries: 1,
        timeout: { connect: "1s" },
        maxHeaderSize: 1024,
      },
    ],
  });
  const [first, second] = spec.tasks;
  if (first.kind !== "fetch" || second.kind !== "fetch") throw new Error("expected fetch tasks");
  assertEquals(first.options, {
    ...builtinFetchDefaults(),
    retries: 5,
    maxBodyBytes: 1_048_576,
    timeouts: {
      connectMs: 10_000,
      tlsMs: 10_000,
      headersMs: 20_000,
      idleMs: 20_000,
      totalMs: 300_000,
    },
    headers: { "User-Agent": "a", X: "1" },
  });
  assertEquals(second.options, {
    ...first.options,
    retries: 1,
    maxRedirects: 0,
    maxHeaderBytes: 1024,
    timeouts: { ...first.options.timeouts, connectMs: 1000 },
    headers: { X: "1", "user-agent": "b" },
  });
  assertEquals(second.request.headers, { X: "1", "user-agent": "b" });
  assertEquals(spec.defaults.retries, 5, "the config's defaults are left as given");
});

Deno.test("mergeFetchOptions() reads a bare timeout as the headers and idle limits", () => {
  const merged = mergeFetchOptions(builtinFetchDefaults(), { timeout: 5 }, BASE_DIR);
  assertEquals(merged.timeouts, {
    connectMs: 10_000,
    tlsMs: 10_000,
    headersMs: 5000,
    idleMs: 5000,
    totalMs: 300_000,
  });
});

Deno.test("mergeFetchOptions() leaves its base unchanged", () => {
  const base = builtinFetchDefaults();
  mergeFetchOptions(base, { retryOn: [503], headers: { A: "b" }, timeout: "1s" }, BASE_DIR);
  assertEquals(base, builtinFetchDefaults());
});

Deno.test("normalizeConfig() resolves outDir, caFile and body files against the base directory", () => {
  const spec = normalize({
    outDir: "../results",
    defaults: { caFile: "ca.pem" },
    tasks: [{
      fetch: { url: "https://a.example/", body: { file: "/abs/data.bin" }, caFile: "b/ca.pem" },
    }],
  });
  assertEquals(spec.outDir, "/results");
  assertEquals(spec.defaults.caFile, "/configs/ca.pem");
  const [task] = spec.tasks;
  if (task.kind !== "fetch") throw new Error("expected a fetch task");
  assertEquals(task.options.caFile, "/configs/b/ca.pem");
  assertEquals(task.request.body, { kind: "file", path: "/abs/data.bin" });
});

Deno.test("normalizeConfig() turns each body and credentials form into its spec", () => {
  const fetchOf = (body: unknown, auth?: unknown) => {
    const request = { url: "https://a.example/", body, ...(auth ? { auth } : {}) };
    const [task] = normalize({ tasks: [{ fetch: request }] } as ValidConfigInput).tasks;
    if (task.kind !== "fetch") throw new Error("expected a fetch task");
    return task.request;
  };
  assertEquals(fetchOf("hi").body, { kind: "text", text: "hi" });
  assertEquals(fetchOf({ text: "hi", contentType: "text/csv" }).body, {
    kind: "text",
    text: "hi",
    contentType: "text/csv",
  });
  assertEquals(fetchOf({ json: null }).body, { kind: "json", value: null });
  const tomlTable = Object.assign(Object.create(null), {
    a: [Object.assign(Object.create(null), { b: 1 })],
  });
  const json = fetchOf({ json: tomlTable }).body;
  assertEquals(json, { kind: "json", value: { a: [{ b: 1 }] } });
  assertEquals(Object.getPrototypeOf((json as { value: object }).value), Object.prototype);
  assertEquals(fetchOf({ form: { q: "x" } }).body, { kind: "form", fields: { q: "x" } });
  assertEquals(fetchOf("", { bearer: "t" }).auth, { kind: "bearer", token: "t" });
  assertEquals(fetchOf("", { username: "u", password: "" }).auth, {
    kind: "basic",
    username: "u",
    password: "",
  });
  assertEquals(fetchOf("").method, "GET");
});

Deno.test("normalizeConfig() fills in schedule defaults and keeps the source", () => {
  const run = function* () {};
  const spec = normalizeConfig({
    schedule: "@hourly",
    tasks: [{
      run,
      schedule: { cron: "0 * * * *", timezone: "UTC", overlap: "queue", jitter: "2s" },
    }],
  }, { baseDir: BASE_DIR, source: "inline" });
  assertEquals(spec.schedule, { cron: "@hourly", overlap: "skip", jitterMs: 0, catchUp: "none" });
  assertEquals(spec.tasks[0], {
    kind: "custom",
    name: "task-1",
    after: [],
    schedule: {
      cron: "0 * * * *",
      timezone: "UTC",
      overlap: "queue",
      jitterMs: 2000,
      catchUp: "none",
    },
    run,
  });
  assertEquals(spec.source, "inline");
});

Deno.test("fetch settings are shared by tasks that override none, and frozen so none leaks", () => {
  const spec = normalizeConfig({
    tasks: [
      { fetch: "https://example.com/a" },
      { fetch: "https://example.com/b" },
      { fetch: "https://example.com/c", retries: 5 },
    ],
  }, { baseDir: BASE_DIR });
  const [a, b, c] = spec.tasks.map((task) => (task as FetchTaskSpec).options);
  assert(a === b && a === spec.defaults, "one set for the tasks that override nothing");
  assertEquals([a.retries, c.retries], [2, 5]);
  assertThrows(() => (a.retries = 0));
  assertThrows(() => (a.headers["X-Only-A"] = "1"));
  assertThrows(() => (c.retryOn as number[]).push(418));
  assertEquals([b.retries, b.headers, spec.defaults.retries], [2, {}, 2]);
});
