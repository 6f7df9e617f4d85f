import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError, validateConfig } from "../config/mod.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { main } from "./main.ts";

const BAD = new ConfigError("bad.yaml", [
  { file: "bad.yaml", line: 4, column: 12, path: "tasks[0].sleep", message: "expected a duration" },
  { file: "bad.yaml", line: 7, column: 5, path: "tasks[1].sav", message: 'unknown key "sav"' },
  {
    file: "bad.yaml",
    line: 10,
    column: 16,
    path: "tasks[2].after[1]",
    message: 'unknown task "zzz"',
  },
]);

Deno.test("check prints ok and the task count for a valid config", async (t) => {
  for (const count of [1, 3]) {
    await t.step(`${count} tasks`, async () => {
      const tasks = Array.from({ length: count }, () => ({ sleep: "1s" }));
      const world = createFakeWorld({
        configs: { "ok.yaml": validateConfig({ tasks }, "ok.yaml") },
      });
      assertEquals(await main(["check", "ok.yaml"], world.host), EXIT_CODES.ok);
      assertEquals(world.stdout(), count === 1 ? "ok: 1 task\n" : `ok: ${count} tasks\n`);
      assertEquals(world.runCalls.length, 0);
    });
  }
});

Deno.test("check, run and plan print every located issue of a bad config, then a summary, and exit 2", async (t) => {
  for (const command of ["check", "run", "plan"]) {
    await t.step(command, async () => {
      const world = createFakeWorld({ configs: { "bad.yaml": BAD } });
      assertEquals(await main([command, "bad.yaml"], world.host), EXIT_CODES.usage);
      assertEquals(world.stderr().split("\n"), [
        "bad.yaml:4:12: tasks[0].sleep: expected a duration",
        'bad.yaml:7:5: tasks[1].sav: unknown key "sav"',
        'bad.yaml:10:16: tasks[2].after[1]: unknown task "zzz"',
        'Cannot load the config "bad.yaml": found 3 problems',
        "",
      ]);
      assertEquals(world.stdout(), "");
      assertEquals(world.runCalls.length, 0, "nothing runs");
      assertEquals(world.listening(), 0);
    });
  }
});

Deno.test("check exits 2 with the reason when the loader fails in another way", async () => {
  const world = createFakeWorld({ configs: { "odd.yaml": new RangeError("too deep") } });
  assertEquals(await main(["check", "odd.yaml"], world.host), EXIT_CODES.usage);
  assert(world.stderr().includes('Cannot load the config "odd.yaml": too deep'));
});

Deno.test("check warns as plan does of TLS switched off and of origins: no task goes to, and still exits 0", async () => {
  const config = validateConfig(
    {
      origins: { "https://exmaple.org": { rate: "1/s" }, "https://example.org": { rate: "2/s" } },
      tasks: [
        { name: "a", fetch: "https://example.org/y", insecure: true, allowDowngrade: true },
      ],
    },
    "w.yaml",
  );
  // The task follows redirects, which could lead there: the typo is said, not as unused.
  const unused = 'warning: origins: no task\'s URL names "https://exmaple.org", so its rules ' +
    'hold only where a redirect leads (did you mean "https://example.org"?)';
  const warningsOf = async (command: string) => {
    const world = createFakeWorld({ configs: { "w.yaml": config } });
    assertEquals(await main([command, "w.yaml"], world.host), EXIT_CODES.ok, command);
    return world.stderr().split("\n").filter((line) => line.startsWith("warning: "));
  };
  assertEquals(await warningsOf("check"), [
    'warning: Task "a": TLS hostname verification is OFF (insecure: true) for https://example.org/y',
    'warning: Task "a": the refusal of redirects from https to http is OFF (allowDowngrade: true) ' +
    "for https://example.org/y and the links it enqueues",
    unused,
  ]);
  // The plan's TLS warnings come from its dry run, which this fake host does not make.
  assertEquals(await warningsOf("plan"), [unused]);
});

Deno.test("check and plan say nothing of an origins: entry for where a task's redirects may lead (a CDN), but do of one no fetch can reach", async (t) => {
  const warningsOf = async (command: string, config: ReturnType<typeof validateConfig>) => {
    const world = createFakeWorld({ configs: { "w.yaml": config } });
    assertEquals(await main([command, "w.yaml"], world.host), EXIT_CODES.ok, command);
    return world.stderr().split("\n").filter((line) => line.startsWith("warning: "));
  };
  const origins = { "https://cdn.example.net": { rate: "2/s" }, "https://www.example.org": {} };
  const list = { name: "list", fetch: "https://www.example.org/get/[1-5]", save: "{1}" };
  await t.step("redirects followed: the CDN's entry is used, nothing is said", async () => {
    const config = validateConfig({ origins, tasks: [list] }, "w.yaml");
    for (const command of ["check", "plan"]) {
      assertEquals(await warningsOf(command, config), [], command);
    }
  });
  await t.step("a CDN on the same site is not taken for a typo of it", async () => {
    const config = validateConfig({
      origins: { "https://cdn.example.org": { rate: "2/s" } },
      tasks: [{ ...list, fetch: "https://www.example.org/get/[1-5]" }],
    }, "w.yaml");
    assertEquals(await warningsOf("check", config), []);
  });
  await t.step("no task follows redirects: the entry is unused, and said so", async () => {
    const config = validateConfig({ origins, tasks: [{ ...list, maxRedirects: 0 }] }, "w.yaml");
    const unused = 'warning: origins: no task\'s URL goes to "https://cdn.example.net", so its ' +
      "rules are unused";
    for (const command of ["check", "plan"]) {
      assertEquals(await warningsOf(command, config), [unused], command);
    }
  });
});
