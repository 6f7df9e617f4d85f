import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { mainCapturing as corun } from "../../tests/fixtures/fake_host.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";

Deno.test("run --bandwidth holds the run's bodies to it, in place of the config's bandwidth", async () => {
  await using server = startRouteServer({ "/f": { body: new Uint8Array(4096).fill(1) } });
  const dir = await Deno.makeTempDir({ prefix: "corun-bandwidth-flag-" });
  try {
    const path = join(dir, "c.json");
    const url = `${server.url("/f")}?n=[1-20]`;
    await Deno.writeTextFile(
      path,
      JSON.stringify({ bandwidth: "1GB/s", tasks: [{ fetch: url, save: "{1}.bin" }] }),
    );
    // 20 × 4 KiB at 8 KiB/s on the virtual clock: the limit's waits are its only time.
    const args = ["run", path, "--virtual-time", "--json", "--bandwidth", "8KiB/s"];
    const { code, stdout } = await corun(args);
    assertEquals(code, 0);
    const durationMs = JSON.parse(stdout).durationMs;
    assert(durationMs >= 7_000 && durationMs <= 10_000, `took ${durationMs} ms`);
    // The config's own 1GB/s lets them through at once.
    const unflagged = await corun(["run", path, "--virtual-time", "--json"]);
    assert(JSON.parse(unflagged.stdout).durationMs < 1_000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("--bandwidth that is no bandwidth is a usage error saying what one looks like", async () => {
  for (const command of ["run", "schedule", "worker"]) {
    const { code, stderr } = await corun([command, "c.yaml", "--bandwidth", "fast"]);
    assertEquals(code, 2, command);
    assertEquals(
      stderr,
      'Cannot read --bandwidth: expected a bandwidth like "2MiB/s", "500KB/s" or "10GB/h" (a size, "/", then a unit (s, m or min, h, d) or a duration such as "500ms" or "2s"), got "fast"\n',
      command,
    );
  }
});
