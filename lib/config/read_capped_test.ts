import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfigError } from "./config_error.ts";
import { loadConfig } from "./load.ts";
import { within } from "../../tests/fixtures/poll.ts";

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
    assertEquals(
      error.format(),
      `${path}: the config is larger than 4MiB (--max-config-size; maxConfigSize in loadConfig)`,
    );
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
    assertEquals(
      error.issues[0].message,
      "the config is larger than 25B (--max-config-size; maxConfigSize in loadConfig)",
    );
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
      // A read past the cap never ends: the writer goes on for ever.
      const error = await within<ConfigError>(
        assertRejects(() => loadConfig(path, { maxConfigSize: 1 * 2 ** 20 }), ConfigError),
        "the read to stop at the cap",
      );
      assertEquals(
        error.issues[0].message,
        "the config is larger than 1MiB (--max-config-size; maxConfigSize in loadConfig)",
      );
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
    assertEquals(
      error.issues[0].message,
      "the config is larger than 64MiB (--max-config-size; maxConfigSize in loadConfig)",
    );
  });
});

/** UTF-16 text, little endian, with or without the byte order mark Windows PowerShell 5 writes. */
function utf16(text: string, bom: boolean): Uint8Array {
  const bytes = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  const view = new DataView(bytes.buffer);
  if (bom) view.setUint16(0, 0xfeff, true);
  for (let i = 0; i < text.length; i++) {
    view.setUint16((bom ? 2 : 0) + i * 2, text.charCodeAt(i), true);
  }
  return bytes;
}

Deno.test("a UTF-16 config is refused with what to do, not read into a syntax error", async (t) => {
  const cases: [string, string, boolean, string][] = [
    [
      "YAML with a byte order mark",
      "c.yaml",
      true,
      "it is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8",
    ],
    [
      "JSON with a byte order mark",
      "c.json",
      true,
      "it is UTF-16 text (it starts with a UTF-16 byte order mark); save it as UTF-8",
    ],
    ["TOML without one", "c.toml", false, "it holds NUL bytes (is it UTF-16? save it as UTF-8)"],
  ];
  for (const [name, file, bom, reason] of cases) {
    await t.step(name, async () => {
      await inTempDir(async (dir) => {
        const path = join(dir, file);
        const text = file.endsWith(".toml")
          ? '[[tasks]]\nsleep = "1s"\n'
          : file.endsWith(".json")
          ? '{"tasks": [{"sleep": "1s"}]}\n'
          : "tasks:\n  - sleep: 1s\n";
        await Deno.writeFile(path, utf16(text, bom));
        const error = await assertRejects(() => loadConfig(path), ConfigError);
        assertEquals(error.format(), `${path}: cannot read the config: ${reason}`);
      });
    });
  }
  await t.step("a UTF-8 byte order mark is still read", async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "c.yaml");
      await Deno.writeTextFile(path, "\ufefftasks:\n  - sleep: 1s\n");
      assertEquals((await loadConfig(path)).tasks.length, 1);
    });
  });
});

Deno.test("a NUL byte in a config is refused at its line and column, however far in", async (t) => {
  const cases: [string, string, string][] = [
    ["YAML, in a task's name", "c.yaml", "tasks:\n  - name: a\0b\n    sleep: 1s\n"],
    ["JSON, past the first 4 KiB", "c.json", `{${" ".repeat(5000)}"tasks": [{"sleep": "1s\0"}]}`],
    ["TOML, after UTF-8 on its line", "c.toml", '[[tasks]]\nname = "é"\0\nsleep = "1s"\n'],
  ];
  const where = [[2, 12], [1, 5025], [2, 11]]; // columns in characters
  for (const [index, [name, file, text]] of cases.entries()) {
    await t.step(name, async () => {
      await inTempDir(async (dir) => {
        const path = join(dir, file);
        await Deno.writeTextFile(path, text);
        const error = await assertRejects(() => loadConfig(path), ConfigError);
        const [line, column] = where[index];
        assertEquals(
          error.format(),
          `${path}:${line}:${column}: cannot read the config: it holds a NUL byte here (no YAML, ` +
            "JSON or TOML text has one); remove it",
        );
      });
    });
  }
});

Deno.test("a config with bytes that are not UTF-8 is refused at the first, not read as U+FFFD", async (t) => {
  const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0));
  const reason = (hex: string) =>
    `cannot read the config: it is not UTF-8 text (byte 0x${hex} here; is it Latin-1 or ` +
    "Windows-1252?); save it as UTF-8";
  await t.step("a Latin-1 header value in YAML", async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "c.yaml");
      await Deno.writeFile(
        path,
        latin1('tasks:\n  - fetch: https://x.org/\n    headers: { X-City: "Z\u00fcrich" }\n'),
      );
      const error = await assertRejects(() => loadConfig(path), ConfigError);
      assertEquals(error.format(), `${path}:3:26: ${reason("FC")}`);
    });
  });
  await t.step("a sequence cut short in JSON, after a character of two units", async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "c.json");
      const bytes = new TextEncoder().encode('{"tasks": [{"name": "\u{1F600}#", "sleep": 1}]}');
      bytes[bytes.indexOf(0x23)] = 0xe2; // "#" becomes the lead byte of a 3-byte character
      await Deno.writeFile(path, bytes);
      const error = await assertRejects(() => loadConfig(path), ConfigError);
      assertEquals(error.format(), `${path}:1:23: ${reason("E2")}`);
    });
  });
  await t.step("a U+FFFD the file holds as UTF-8 is text like any other", async () => {
    await inTempDir(async (dir) => {
      const path = join(dir, "c.toml");
      await Deno.writeTextFile(path, '[[tasks]]\nname = "\ufffd"\nsleep = "1s"\n');
      assertEquals((await loadConfig(path)).tasks[0].name, "\ufffd");
    });
  });
});
