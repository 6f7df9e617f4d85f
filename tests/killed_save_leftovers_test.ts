/**
 * A run killed while it saved its cookie jar or its state leaves that save's temporary beside the
 * file (`.<name>.<12 hex>.part`, as corun's other temporaries). The next run sweeps them from the
 * jar's folder and the state file's folder by the output directory's rule: older than the run and
 * held by no process. They used to stay for good where no save of a body went (a jar outside the
 * output directory, a `--state` elsewhere, saves only into subfolders), one holding every cookie.
 * So do corun's own folders: a kill while the metadata was archived (a copy as big as the log) or
 * while a run's mark was placed left a temporary there that no later run removed.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, run } from "../mod.ts";
import { main } from "../lib/cli/mod.ts";
import { createRealHost } from "../lib/cli/real_host.ts";
import { withTempDir } from "./fixtures/temp_dir.ts";

const inTempDir = withTempDir("corun-killed-save-");

/** Writes a file last changed `ageS` seconds ago (negative: in the future). */
function leftover(path: string, ageS: number): void {
  Deno.writeTextFileSync(path, "cut short");
  const at = Date.now() / 1000 - ageS;
  Deno.utimeSync(path, at, at);
}

/** The names in a folder, sorted. */
function names(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((entry) => entry.name).sort();
}

Deno.test("a run sweeps the jar's and the state file's folders of saves a killed run cut short", async () => {
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("ok", { headers: { "set-cookie": "sid=1; Path=/", etag: '"1"' } }),
  );
  await inTempDir(async (dir) => {
    Deno.mkdirSync(`${dir}/jars`);
    Deno.mkdirSync(`${dir}/kept`);
    leftover(`${dir}/jars/.jar.json.0123456789ab.part`, 3600);
    leftover(`${dir}/kept/.state.json.0123456789ab.part`, 3600);
    // Changed after the run started: another run's save under way, which stays.
    leftover(`${dir}/kept/.state.json.ba9876543210.part`, -3600);
    const report = await run(
      defineConfig({
        outDir: `${dir}/out`,
        metadata: false,
        cookies: `${dir}/jars/jar.json`,
        tasks: [{
          name: "page",
          fetch: `http://127.0.0.1:${server.addr.port}/a/page`,
          save: "{path}",
        }],
      }),
      { state: `${dir}/kept/state.json` },
    );
    assertEquals(report.counts.done, 1);
    assertEquals(names(`${dir}/jars`), ["jar.json"]);
    assertEquals(names(`${dir}/kept`), [".state.json.ba9876543210.part", "state.json"]);
  });
});

Deno.test("a run sweeps corun's own folders of the archive copy and the mark a killed run left", async () => {
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("ok", { headers: { etag: '"1"' } }),
  );
  await inTempDir(async (dir) => {
    await Deno.writeTextFile(
      `${dir}/c.yaml`,
      `outDir: out\ntasks:\n  - name: page\n    fetch: http://127.0.0.1:${server.addr.port}/a\n` +
        "    save: a.txt\n",
    );
    let stderr = "";
    const host = {
      ...createRealHost(),
      stderr: { write: (text: string) => void (stderr += text) },
    };
    const corun = () => main(["run", `${dir}/c.yaml`, "--quiet"], host);
    // The first run leaves metadata lines, which the next archives into .corun/metadata.
    assertEquals(await corun(), 0, stderr);
    const metadata = `${dir}/out/.corun/metadata`;
    const running = `${dir}/out/.corun/running`;
    Deno.mkdirSync(metadata, { recursive: true });
    Deno.mkdirSync(running, { recursive: true });
    leftover(`${metadata}/.20261207T125057676Z-cf8444f8.jsonl.3d38fd0e40ec.part`, 3600);
    leftover(`${running}/.20261207T124853886Z-70074a97.json.8c8f7ab814a0.part`, 3600);
    // Changed after the run started: another run's mark being placed, which stays.
    leftover(`${running}/.20261207T130000000Z-0a1b2c3d.json.0123456789ab.part`, -3600);
    assertEquals(await corun(), 0, stderr);
    assertEquals(
      names(metadata).filter((name) => name.endsWith(".part")),
      [],
      "the archive copy a killed run left",
    );
    assertEquals(names(running), [".20261207T130000000Z-0a1b2c3d.json.0123456789ab.part"]);
  });
});
