import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { openLogFile } from "./log_file.ts";

Deno.test("openLogFile() creates the file and its directory, and appends across openings", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-log-" });
  try {
    const path = `${dir}/logs/cron.log`;
    {
      using log = openLogFile(path, (message) => {
        throw new Error(message);
      });
      log?.write("first\n");
    }
    {
      using log = openLogFile(path, (message) => {
        throw new Error(message);
      })!;
      log.write("sécond\n");
      log[Symbol.dispose]();
      log.write("after close is dropped\n");
    }
    assertEquals(await Deno.readTextFile(path), "first\nsécond\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openLogFile() that cannot open says so once, naming the file, and never throws", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-log-" });
  try {
    await Deno.writeTextFile(`${dir}/file`, "");
    const said: string[] = [];
    const log = openLogFile(`${dir}/file/x.log`, (message) => void said.push(message));
    assertEquals(log, undefined);
    assertEquals(said.length, 1);
    assert(said[0].startsWith(`Cannot open the log file "${dir}/file/x.log": `), said[0]);
    assert(said[0].endsWith("; going on without it"), said[0]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openLogFile() follows a log moved away: the next line goes to the path, made anew when missing", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-log-" });
  try {
    const path = `${dir}/cron.log`;
    using log = openLogFile(path, (message) => {
      throw new Error(message);
    })!;
    log.write("one\n");
    await Deno.rename(path, `${path}.1`); // moved, nothing made in its place yet
    log.write("two\n");
    await Deno.rename(path, `${path}.2`);
    await Deno.writeTextFile(path, "made by logrotate\n"); // `create` mode
    log.write("three\n");
    log.write("four\n");
    assertEquals(await Deno.readTextFile(`${path}.1`), "one\n");
    assertEquals(await Deno.readTextFile(`${path}.2`), "two\n");
    assertEquals(await Deno.readTextFile(path), "made by logrotate\nthree\nfour\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
