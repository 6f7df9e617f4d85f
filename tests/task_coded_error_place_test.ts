/**
 * A task whose own code calls the runtime, which fails with a coded error (Deno's `NotFound`,
 * code `ENOENT`), says where in the task's code it happened, as any other error of the task's code
 * does: before, a coded error was shown by its message alone, leaving the user to search the
 * config for the call. corun's own coded errors (a fetch's `TIMEOUT_TOTAL`) stay in its words.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { call, defineConfig, run, task } from "../mod.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const withOutDir = withTempDir("corun-coded-error-place-");
const HERE = new URL(import.meta.url).pathname;

Deno.test("a coded error the runtime raises in a task's own code names the error and where the code was", async () => {
  await withOutDir(async (dir) => {
    const missing = `${dir}/missing.txt`;
    const quota = () => Object.assign(new Error("quota used up"), { code: "QUOTA" });
    // A port nothing listens on: its listener closed.
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const { port } = listener.addr as Deno.NetAddr;
    listener.close();
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        tasks: [
          // deno-lint-ignore require-yield
          task("reader", function* () {
            Deno.readTextFileSync(missing);
          }),
          // deno-lint-ignore require-yield
          task("own", function* () {
            throw quota();
          }),
          task("connect", function* () {
            yield* call(() => Deno.connect({ hostname: "127.0.0.1", port }));
          }),
        ],
      }),
      { state: false },
    );
    const [reader, own, connect] = report.tasks;
    assertEquals(reader.error?.code, "ENOENT");
    const line = (text: string) => {
      const lines = Deno.readTextFileSync(HERE).split("\n");
      return lines.findIndex((source) => source.includes(text)) + 1;
    };
    assertEquals(
      reader.error?.message,
      `NotFound: No such file or directory (os error 2): readfile '${missing}' ` +
        `(at ${HERE}:${line("Deno.readTextFileSync(missing)")}:18)`,
    );
    assertEquals(own.error?.code, "QUOTA");
    assertEquals(
      own.error?.message,
      `Error: quota used up (at ${HERE}:${line('new Error("quota used up")')}:39)`,
    );
    // An asynchronous call's error holds only the runtime's frames: named all the same, every run.
    assertEquals(connect.error?.code, "ECONNREFUSED");
    assertEquals(
      connect.error?.message.startsWith("ConnectionRefused: Connection refused"),
      true,
      connect.error?.message,
    );
  });
});
