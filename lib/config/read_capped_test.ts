import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError } from "./config_error.ts";
import { loadConfig } from "./load.ts";
import { formatByteSize } from "./read_capped.ts";

async function inTempDir(test: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a YAML config that links to /dev/zero is refused at the size cap", async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "zero.yaml");
    await Deno.symlink("/dev/zero", path);
    const error = await assertRejects(
      () => loadConfig(path, { maxConfigSize: 4 * 2 ** 20 }),
      ConfigError,
    );
    assertEquals(error.format(), `${path}: the config is larger than 4 MiB (--max-config-size)`);
  });
});

Deno.test("a config one byte past the cap is refused; one at the cap loads", async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "c.json");
    const text = '{"tasks":[{"sleep":"1s"}]}';
    await Deno.writeTextFile(path, text);
    const spec = await loadConfig(path, { maxConfigSize: text.length });
    assertEquals(spec.tasks.length, 1);
    const error = await assertRejects(
      () => loadConfig(path, { maxConfigSize: text.length - 1 }),
      ConfigError,
    );
    assertEquals(error.issues[0].message, "the config is larger than 25 bytes (--max-config-size)");
  });
});

Deno.test("a FIFO that never ends is read only up to the cap", async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "fifo.toml");
    const made = await new Deno.Command("mkfifo", { args: [path] }).output();
    assertEquals(made.success, true);
    // The writer is a process of its own that fills the FIFO faster than the cap and never ends
    // it; once the reader is gone it dies of SIGPIPE. (A writer in this process could be left
    // blocked on a full FIFO, which no close undoes: the test then hung.)
    const writer = new Deno.Command("sh", {
      args: ["-c", 'exec yes "# $(printf "%4093s" | tr " " x)" > "$1"', "sh", path],
      stdout: "null",
      stderr: "null",
    }).spawn();
    try {
      const error = await assertRejects(
        () => loadConfig(path, { maxConfigSize: 1 * 2 ** 20 }),
        ConfigError,
      );
      assertEquals(error.issues[0].message, "the config is larger than 1 MiB (--max-config-size)");
    } finally {
      try {
        writer.kill("SIGKILL"); // still waiting to open the FIFO, if the test failed before reading
      } catch {
        // already gone: SIGPIPE
      }
      await writer.status;
    }
  });
});

Deno.test("by default a config past 64 MiB is refused", async () => {
  await inTempDir(async (dir) => {
    const path = join(dir, "big.yaml");
    // A sparse file: 64 MiB and one byte of zeros, without writing them.
    using file = await Deno.open(path, { write: true, create: true });
    await file.truncate(64 * 2 ** 20 + 1);
    const error = await assertRejects(() => loadConfig(path), ConfigError);
    assertEquals(error.issues[0].message, "the config is larger than 64 MiB (--max-config-size)");
  });
});

Deno.test("sizes in messages are written as configs write them", () => {
  assertEquals(formatByteSize(1536), "1.5 KiB");
  assertEquals(formatByteSize(1), "1 byte");
  assertEquals(formatByteSize(3 * 2 ** 30), "3 GiB");
});
