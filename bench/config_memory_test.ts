import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { parse } from "npm:deno-std@1.4.0/yaml/parse.js";
import { configText, maxRssKiB } from "./config_memory.ts";

Deno.test("the generated configs hold the keys asked for, in YAML and JSON alike", () => {
  for (const kind of ["valid", "unknown"] as const) {
    const yaml = parse(configText({ kind, format: "yaml", keys: 3 }));
    const json = JSON.parse(configText({ kind, format: "json", keys: 3 }));
    const task = (value: unknown) => (value as { tasks: Record<string, unknown>[] }).tasks[0];
    const keys = kind === "valid"
      ? Object.keys((task(json).fetch as { body: { json: object } }).body.json)
      : Object.keys(task(json)).filter((key) => key.startsWith("zz"));
    assertEquals(keys, kind === "valid" ? ["k0", "k1", "k2"] : ["zz0", "zz1", "zz2"]);
    if (kind === "valid") assertEquals(yaml, { tasks: [{ ...task(json) }] });
    else assertEquals(Object.keys(task(yaml)).filter((key) => key.startsWith("zz")), keys);
  }
});

Deno.test("maxRssKiB() reads /usr/bin/time -v's peak", () => {
  const text = "\tUser time (seconds): 0.10\n\tMaximum resident set size (kbytes): 81234\n";
  assertEquals([maxRssKiB(text), maxRssKiB("nothing")], [81234, undefined]);
});
