import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { lineStarts, lineText, locateIssues, positionAt } from "./locate.ts";

Deno.test("positionAt() gives 1-based lines and columns for every offset", () => {
  const text = "ab\n\ncd\n";
  const starts = lineStarts(text);
  assertEquals(starts, [0, 3, 4, 7]);
  const expected = [[1, 1], [1, 2], [1, 3], [2, 1], [3, 1], [3, 2], [3, 3], [4, 1]];
  for (let offset = 0; offset <= text.length; offset++) {
    const { line, column } = positionAt(starts, offset);
    assertEquals([line, column], expected[offset], `offset ${offset}`);
  }
});

Deno.test("lineText() gives a line without its ending, CRLF or LF, and nothing past the file", () => {
  const text = "a = 1\r\nb = 1s\nlast";
  assertEquals([1, 2, 3].map((line) => lineText(text, line)), ["a = 1", "b = 1s", "last"]);
  assertEquals(lineText(text, 2, lineStarts(text)), "b = 1s");
  assertEquals([lineText(text, 0), lineText(text, 4), lineText("", 1)], ["", "", ""]);
});

Deno.test("locateIssues() adds positions where the locator has them and formats paths", () => {
  const issues = locateIssues(
    [
      { path: ["tasks", 0, "sav"], message: "unknown", at: "key" },
      { path: ["outDir"], message: "bad" },
    ],
    "a.yaml",
    (path, at) => path[0] === "tasks" ? { line: 3, column: at === "key" ? 5 : 10 } : undefined,
  );
  assertEquals(issues, [
    { file: "a.yaml", line: 3, column: 5, path: "tasks[0].sav", message: "unknown" },
    { file: "a.yaml", path: "outDir", message: "bad" },
  ]);
  assertEquals(locateIssues([{ path: [], message: "x" }], "a.ts"), [
    { file: "a.ts", path: "", message: "x" },
  ]);
});
