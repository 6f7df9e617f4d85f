import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { sampleIndices, verifyOutput } from "./verify_output.ts";

Deno.test("sampleIndices() takes every index of a short list", () => {
  assertEquals(sampleIndices(3, 32), [0, 1, 2]);
});

Deno.test("sampleIndices() spreads a sample from the first to the last index", () => {
  assertEquals(sampleIndices(10_000, 5), [0, 2500, 5000, 7499, 9999]);
});

Deno.test("verifyOutput() passes identical files beside corun's own, and reports a changed byte and a stray file", async () => {
  const root = await Deno.makeTempDir({ prefix: "corun-verify-test-" });
  try {
    await Deno.mkdir(`${root}/www/small`, { recursive: true });
    await Deno.mkdir(`${root}/out`);
    const entries = [0, 1].map((i) => ({ url: `http://h/small/${i}.html`, name: `${i}.html` }));
    for (const i of [0, 1]) {
      await Deno.writeTextFile(`${root}/www/small/${i}.html`, `body ${i}`);
      await Deno.writeTextFile(`${root}/out/${i}.html`, `body ${i}`);
    }
    // corun's own files are not output: the metadata log and its archives, the state.
    await Deno.writeTextFile(`${root}/out/corun.jsonl`, "{}\n");
    await Deno.mkdir(`${root}/out/.corun`);
    await Deno.writeTextFile(`${root}/out/.corun-state.json`, "{}\n");
    assertEquals(await verifyOutput(entries, `${root}/www`, `${root}/out`), {
      compared: 2,
      problems: [],
    });

    await Deno.writeTextFile(`${root}/out/1.html`, "body X");
    await Deno.writeTextFile(`${root}/out/.corun-tmp`, "");
    const report = await verifyOutput(entries, `${root}/www`, `${root}/out`);
    assertEquals(report.problems.length, 2, report.problems.join("\n"));
    assertEquals(
      report.problems[0],
      `${root}/out holds 3 entries, expected 2 (unexpected: .corun-tmp)`,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
