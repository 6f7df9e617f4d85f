import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { mainCapturing as corun } from "../../tests/fixtures/fake_host.ts";

// Two aliases that each repeat a mapping of one header (the mapping and its value): 4 in all.
const SHARED_HEADERS = `tasks:
  - { name: a, fetch: "http://127.0.0.1:9/a", headers: &h { accept: text/plain } }
  - { name: b, fetch: "http://127.0.0.1:9/b", headers: *h }
  - { name: c, fetch: "http://127.0.0.1:9/c", headers: *h }
`;

async function withConfig(test: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "c.yaml");
    await Deno.writeTextFile(path, SHARED_HEADERS);
    await test(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("--max-alias-nodes sets the YAML alias budget of check, plan, run, schedule and history", async () => {
  await withConfig(async (path) => {
    for (const command of ["check", "plan", "run", "schedule", "history"]) {
      const refused = await corun([command, "--max-alias-nodes", "3", path]);
      assertEquals(refused.code, 2, command);
      assertEquals(
        refused.stderr.split("\n")[0],
        `${path}:4:56: tasks[2].headers: this YAML alias takes the values repeated through ` +
          "aliases past 3 (an alias is read as a copy of the node it names, aliases in it " +
          "included); write the repeated part out, or raise the limit (--max-alias-nodes; " +
          "maxAliasNodes in loadConfig)",
        command,
      );
    }
    const loaded = await corun(["check", "--max-alias-nodes", "4", path]);
    assertEquals([loaded.code, loaded.stdout], [0, "ok: 3 tasks\n"]);
  });
});

Deno.test("--max-alias-nodes that is not a whole number from 1 to 10,000,000 is a usage error", async () => {
  await withConfig(async (path) => {
    // 0 would refuse every alias; past 10,000,000 a "billion laughs" fills the heap before the count.
    for (const value of ["lots", "1e5", "-1", "2.5", "0", "10000001", "100000000000"]) {
      const result = await corun(["check", "--max-alias-nodes", value, path]);
      assertEquals([result.code, result.stderr], [
        2,
        "Cannot read --max-alias-nodes: expected a number of values (a whole number from 1 to " +
        `10000000) like "100000", got "${value}"\n`,
      ]);
    }
    const most = await corun(["check", "--max-alias-nodes", "10000000", path]);
    assertEquals([most.code, most.stdout], [0, "ok: 3 tasks\n"]);
  });
});
