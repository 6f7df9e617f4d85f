/**
 * A command whose standard output's reader went away (`corun plan tasks.yaml | head -c 10`), or
 * whose output could not be written (a full disk): it says so on stderr in one line, with no stack,
 * and does not exit 0.
 */
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { createFakeWorld } from "../../tests/fixtures/fake_host.ts";
import { EXIT_CODES } from "./exit_codes.ts";
import { main } from "./main.ts";
import { createTextSink } from "./real_host.ts";

/** The process's stdout (the real sink) on a file whose every write fails with `error`. */
function failingStdout(error: Error) {
  let writes = 0;
  const sink = createTextSink({
    writeSync() {
      writes++;
      throw error;
    },
  });
  return { sink, writes: () => writes };
}

const CONFIG = validateConfig({ tasks: [{ name: "nap", sleep: "1s" }] }, "x.yaml");

for (const args of [["plan", "x.yaml"], ["plan", "x.yaml", "--json"], ["check", "x.yaml"]]) {
  Deno.test(`corun ${args.join(" ")} whose reader went away exits 141 and says so, once`, async () => {
    const world = createFakeWorld({ configs: { "x.yaml": CONFIG } });
    const stdout = failingStdout(new Deno.errors.BrokenPipe("Broken pipe (os error 32)"));
    assertEquals(await main(args, { ...world.host, stdout: stdout.sink }), EXIT_CODES.brokenPipe);
    assertEquals(EXIT_CODES.brokenPipe, 141);
    assertEquals(
      world.stderr(),
      `corun ${args[0]}: Cannot write standard output: its reader went away (broken pipe); ` +
        "the output is cut short\n",
    );
    assertEquals(stdout.writes(), 1, "nothing more is written once the reader is gone");
  });
}

Deno.test("corun --help whose reader went away exits 141 too", async () => {
  const world = createFakeWorld();
  const stdout = failingStdout(new Deno.errors.BrokenPipe("Broken pipe (os error 32)"));
  assertEquals(await main(["--help"], { ...world.host, stdout: stdout.sink }), 141);
  assertEquals(
    world.stderr(),
    "corun: Cannot write standard output: its reader went away (broken pipe); the output is cut short\n",
  );
});

Deno.test("standard output on a full disk: exit 1 and the reason in one line, no stack", async () => {
  const world = createFakeWorld({ configs: { "x.yaml": CONFIG } });
  const full = new Error("No space left on device (os error 28)");
  const stdout = failingStdout(full);
  assertEquals(
    await main(["plan", "x.yaml"], { ...world.host, stdout: stdout.sink }),
    EXIT_CODES.taskFailed,
  );
  assertEquals(
    world.stderr(),
    "corun plan: Cannot write standard output: No space left on device (os error 28); " +
      "the output is cut short\n",
  );
  assert(!world.stderr().includes("    at "), world.stderr());
});

Deno.test("a command that fails for another reason keeps its own code when its output is cut too", async () => {
  const world = createFakeWorld();
  const stdout = failingStdout(new Deno.errors.BrokenPipe("Broken pipe (os error 32)"));
  stdout.sink.write("the reader is gone already\n");
  // No such config: 2, which says more than that the output was cut.
  assertEquals(
    await main(["plan", "missing.yaml"], { ...world.host, stdout: stdout.sink }),
    EXIT_CODES.usage,
  );
  assert(world.stderr().includes("corun plan: Cannot write standard output"), world.stderr());
});
