import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";

const MOD = decodeURIComponent(new URL("../mod.ts", import.meta.url).pathname);

async function corun(permissions: string[], args: string[], cwd: string) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...permissions, MOD, ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("check with read permission only passes a valid config (a warning says what run will need); run refuses before any I/O", async () => {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun-check-ro-" }));
  try {
    await Deno.writeTextFile(
      `${dir}/f.yaml`,
      "outDir: out\ntasks:\n  - fetch: http://127.0.0.1:9/x\n    save: x.txt\n",
    );
    const readOnly = ["--allow-read", "--allow-env"];
    const check = await corun(readOnly, ["check", "f.yaml"], dir);
    assertEquals(check.code, 0, check.stderr);
    assertEquals(check.stdout, "ok: 1 task\n");
    assert(
      check.stderr.includes(`corun run will need --allow-write (or --allow-write=${dir}/out)`),
      check.stderr,
    );
    assert(check.stderr.startsWith("warning: "), check.stderr);

    const run = await corun(readOnly, ["run", "f.yaml"], dir);
    assertEquals(run.code, 2, run.stderr);
    assert(run.stderr.includes(`corun may not write to "${dir}/out"`), run.stderr);
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), ["f.yaml"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
