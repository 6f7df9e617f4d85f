// `loadConfig`'s limits are refused past what their command-line flags take, with the same words:
// a cap the runtime cannot hold (a 600 MiB config text, aliases repeating billions of values) or a
// limit that refuses everything (0) is the caller's mistake, said at once.
import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { loadConfig } from "../mod.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const inTempDir = withTempDir("corun-load-limits-");

Deno.test("loadConfig refuses maxConfigSize, maxAliasNodes and urlTimeoutMs past what their flags take, as the flags say it", async () => {
  await inTempDir(async (dir) => {
    const path = `${dir}/c.yaml`;
    await Deno.writeTextFile(path, "tasks:\n  - sleep: 1s\n");
    const refusals: [Record<string, unknown>, string][] = [
      [
        { maxConfigSize: 600 * 2 ** 20 },
        "maxConfigSize: expected a size from 1 byte to 500MiB (the runtime holds a config as one " +
        "text), got 629145600",
      ],
      [{ maxConfigSize: 0 }, "maxConfigSize: expected a size above 0, got 0"],
      [
        { maxAliasNodes: 20_000_000 },
        'maxAliasNodes: expected a number of values (a whole number from 1 to 10000000) like "100000", ' +
        "got 20000000",
      ],
      [
        { maxAliasNodes: 0 },
        'maxAliasNodes: expected a number of values (a whole number from 1 to 10000000) like "100000", ' +
        "got 0",
      ],
      [{ urlTimeoutMs: 0 }, "urlTimeoutMs: expected a duration longer than 0, got 0"],
      [{ urlTimeoutMs: -5 }, "urlTimeoutMs: expected a number of milliseconds, got -5"],
      [{ maxConfigSize: "64MiB" }, 'maxConfigSize: expected a number, got "64MiB"'],
    ];
    for (const [options, said] of refusals) {
      await assertRejects(
        () => loadConfig(path, options),
        RangeError,
        `Cannot load a config with ${said}`,
      );
    }
    // At the ceilings, as the flags take them.
    const spec = await loadConfig(path, {
      maxConfigSize: 500 * 2 ** 20,
      maxAliasNodes: 10_000_000,
      urlTimeoutMs: 1,
    });
    assertEquals(spec.tasks.length, 1);
  });
});
