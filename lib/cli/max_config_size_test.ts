import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { mainCapturing as corun } from "../../tests/fixtures/fake_host.ts";

async function withConfig(test: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "c.json");
    await Deno.writeTextFile(path, '{"tasks": [{"sleep": "1s"}]}'); // 28 bytes
    await test(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("--max-config-size caps the config that check, plan, history and status read", async () => {
  await withConfig(async (path) => {
    for (const command of ["check", "plan", "history", "status"]) {
      const refused = await corun([command, "--max-config-size", "27", path]);
      assertEquals([refused.code, refused.stderr], [
        2,
        `${path}: the config is larger than 27B (--max-config-size; maxConfigSize in loadConfig)\n` +
        `Cannot load the config "${path}": found 1 problem\n`,
      ]);
    }
    const loaded = await corun(["check", "--max-config-size", "28B", path]);
    assertEquals([loaded.code, loaded.stdout], [0, "ok: 1 task\n"]);
  });
});

Deno.test("a config past --max-config-size is told the cap as it was given, exactly", async () => {
  await withConfig(async (path) => {
    // 2kB is 2,000 bytes: a config of 2,001 is refused, and the message must not say 2 KiB (2,048).
    await Deno.writeTextFile(path, `{"tasks": [{"sleep": "1s"}]}${" ".repeat(2_001 - 28)}`);
    const refused = await corun(["check", "--max-config-size", "2kB", path]);
    assertEquals([refused.code, refused.stderr], [
      2,
      `${path}: the config is larger than 2kB (--max-config-size; maxConfigSize in loadConfig)\n` +
      `Cannot load the config "${path}": found 1 problem\n`,
    ]);
  });
});

Deno.test("--max-config-size that is not a size is a usage error", async () => {
  await withConfig(async (path) => {
    const result = await corun(["check", "--max-config-size", "lots", path]);
    assertEquals([result.code, result.stderr], [
      2,
      'Cannot read --max-config-size: expected a size like "64KiB", "10MB" or a number of bytes (units B, kB (or KB), MB, GB, TB, KiB, MiB, GiB, TiB), got "lots"\n',
    ]);
    const zero = await corun(["check", "--max-config-size", "0B", path]);
    assertEquals([zero.code, zero.stderr], [
      2,
      'Cannot read --max-config-size: expected a size above 0, got "0B"\n',
    ]);
    // Past 500 MiB a config nears the longest text the runtime holds: refused, not a crash later.
    const huge = await corun(["check", "--max-config-size", "1GiB", path]);
    assertEquals([huge.code, huge.stderr], [
      2,
      "Cannot read --max-config-size: expected a size from 1 byte to 500MiB (the runtime holds a " +
      'config as one text), got "1GiB"\n',
    ]);
    const most = await corun(["check", "--max-config-size", "500MiB", path]);
    assertEquals(most.code, 0, most.stderr);
  });
});
