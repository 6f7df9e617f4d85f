import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { parse as parseYaml } from "npm:deno-std@1.4.0/yaml/parse.js";
import { fetchConfigYaml, parseList, sleepConfigYaml } from "./corun_config.ts";

Deno.test("parseList() reads URL<TAB>NAME lines and skips blank ones", () => {
  const text = "http://127.0.0.1:18080/small/0.html\t0.html\n\nhttp://h/x\tx.bin\n";
  assertEquals(parseList(text), [
    { url: "http://127.0.0.1:18080/small/0.html", name: "0.html" },
    { url: "http://h/x", name: "x.bin" },
  ]);
});

Deno.test("parseList() refuses a line without a tab, naming the line", () => {
  assertThrows(() => parseList("http://h/a\ta\nhttp://h/b\n"), SyntaxError, "line 2");
});

Deno.test("fetchConfigYaml() writes a config of one list task, whose YAML says what was asked", () => {
  const yaml = fetchConfigYaml("/tmp/bench/lists/big-https.tsv", {
    concurrency: 16,
    outDir: "/dev/shm/o",
    caFile: "/tmp/bench/ca.pem",
    metadata: false,
  });
  assertEquals(parseYaml(yaml), {
    outDir: "/dev/shm/o",
    concurrency: 16,
    perHost: 16,
    metadata: false,
    defaults: { caFile: "/tmp/bench/ca.pem" },
    tasks: [{ name: "corpus", fetch: { urls: "/tmp/bench/lists/big-https.tsv" } }],
  });
});

Deno.test("fetchConfigYaml() leaves out defaults when there is no CA, and metadata unless it is off", () => {
  const config = parseYaml(fetchConfigYaml("/l.tsv", { concurrency: 1 })) as Record<
    string,
    unknown
  >;
  assertEquals(config.defaults, undefined);
  assertEquals("metadata" in config, false);
});

Deno.test("fetchConfigYaml() puts a pipelining depth in defaults, beside the CA", () => {
  const config = parseYaml(
    fetchConfigYaml("/l.tsv", { concurrency: 1, caFile: "/ca.pem", pipeline: 8 }),
  ) as Record<string, unknown>;
  assertEquals(config.defaults, { caFile: "/ca.pem", pipeline: 8 });
  const plain = parseYaml(fetchConfigYaml("/l.tsv", { concurrency: 1, pipeline: 4 })) as Record<
    string,
    unknown
  >;
  assertEquals(plain.defaults, { pipeline: 4 });
});

Deno.test("sleepConfigYaml() writes one sleep task per count, all with distinct names", () => {
  const config = parseYaml(sleepConfigYaml(3, "1s")) as { tasks: { name: string }[] };
  assertEquals(config.tasks, [
    { name: "s0", sleep: "1s" },
    { name: "s1", sleep: "1s" },
    { name: "s2", sleep: "1s" },
  ]);
});
