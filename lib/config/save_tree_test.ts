import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { type PathSave, SaveTree, type TreeConflict } from "./save_tree.ts";

function save(index: number, file: string, url?: string): PathSave & { file: string } {
  return { index, name: `t${index}`, file, ...(url === undefined ? {} : { url }) };
}

/** What each conflict is with: its kind, and the first save's task and file. */
function shown(
  conflict: TreeConflict | undefined,
): [string, number, string | undefined] | undefined {
  return conflict && [conflict.kind, conflict.first.index, conflict.first.file];
}

Deno.test("a file beside a folder, and files sharing folders, take their paths", () => {
  const tree = new SaveTree();
  assertEquals(tree.file(save(0, "a/b.html")), undefined);
  assertEquals(tree.file(save(1, "a/c/d.html")), undefined);
  assertEquals(tree.file(save(2, "a/c/e/f.html")), undefined);
  assertEquals(tree.folder("a/c/e", { index: 3, name: "t3" }), undefined);
  // A name that starts as another does is no folder of it.
  assertEquals(tree.file(save(4, "a/b.htm")), undefined);
  assertEquals(tree.file(save(5, "a/c.d/e")), undefined);
});

Deno.test("one file saved by two tasks is the same file; by one task's URLs, none", () => {
  const tree = new SaveTree();
  assertEquals(tree.file(save(0, "a/b.html", "https://x.example/1")), undefined);
  assertEquals(tree.file(save(0, "a/b.html", "https://x.example/2")), undefined);
  assertEquals(shown(tree.file(save(1, "a/b.html"))), ["same", 0, "a/b.html"]);
});

Deno.test("a path saved as a file that another save needs as a folder, whichever comes first, and within one task", () => {
  const tree = new SaveTree();
  assertEquals(tree.file(save(0, "a/b")), undefined);
  assertEquals(shown(tree.file(save(1, "a/b/c.html"))), ["inFile", 0, "a/b"]);
  assertEquals(shown(tree.file(save(2, "a/b/c/d/e.html"))), ["inFile", 0, "a/b"]);
  assertEquals(tree.file(save(3, "x/y/z.html")), undefined);
  assertEquals(tree.file(save(4, "x/w.html")), undefined);
  assertEquals(shown(tree.file(save(5, "x/y"))), ["onFolder", 3, "x/y/z.html"]);
  assertEquals(shown(tree.file(save(5, "x"))), ["onFolder", 3, "x/y/z.html"]);
  // A conflicting save takes nothing: the path stays the first's.
  assertEquals(shown(tree.file(save(6, "a/b/c.html"))), ["inFile", 0, "a/b"]);
  // One task's pattern URLs rendering a file and a folder fail at run time too.
  assertEquals(tree.file(save(7, "p/q", "https://x.example/q")), undefined);
  assertEquals(shown(tree.file(save(7, "p/q/r", "https://x.example/q/r"))), ["inFile", 7, "p/q"]);
});

Deno.test("a template's folder is a folder: none in a file, and no file where it is", () => {
  const tree = new SaveTree();
  assertEquals(tree.file(save(0, "a/b")), undefined);
  assertEquals(shown(tree.folder("a/b", { index: 1, name: "t1" })), ["inFile", 0, "a/b"]);
  assertEquals(shown(tree.folder("a/b/c", { index: 1, name: "t1" })), ["inFile", 0, "a/b"]);
  assertEquals(tree.folder("d/e", { index: 2, name: "t2" }), undefined);
  assertEquals(shown(tree.file(save(3, "d/e"))), ["onFolder", 2, undefined]);
  assertEquals(shown(tree.file(save(3, "d"))), ["onFolder", 2, undefined]);
  assertEquals(tree.file(save(3, "d/e/f")), undefined);
});

Deno.test("paths are compared case included, as the run compares two tasks' saves", () => {
  const tree = new SaveTree();
  assertEquals(tree.file(save(0, "A/b")), undefined);
  assertEquals(tree.file(save(1, "a/b/c.html")), undefined);
  assertEquals(tree.file(save(2, "a/B")), undefined);
});

Deno.test("a {date} path: its day is compared with other days only, the folders before it with every path", () => {
  const day = "2026-12-07";
  const tree = new SaveTree();
  assertEquals(tree.file(save(0, "logs")), undefined);
  // `logs/{date}.json` needs the folder logs every day.
  assertEquals(shown(tree.file(save(1, `logs/${day}.json`), 5)), ["inFile", 0, "logs"]);
  assertEquals(tree.file(save(2, `x/${day}/b`), 2), undefined);
  assertEquals(shown(tree.file(save(3, "x"))), ["onFolder", 2, `x/${day}/b`]);
  // A literal path named as today meets a {date} one on that day only: the run checks it.
  for (const literal of [day, `${day}/a.json`, `${day}/a.json/x`]) {
    const apart = new SaveTree();
    assertEquals(apart.file(save(0, `${day}/a.json`), 0), undefined);
    assertEquals(apart.file(save(1, literal)), undefined, literal);
  }
  assertEquals(tree.file(save(4, `${day}/a.json`), 0), undefined);
  assertEquals(tree.file(save(7, `x/${day}`)), undefined);
  // Two {date} paths render the same day every day.
  assertEquals(shown(tree.file(save(8, day), 0)), ["onFolder", 4, `${day}/a.json`]);
  assertEquals(shown(tree.file(save(9, `${day}/a.json`), 0)), ["same", 4, `${day}/a.json`]);
  assertEquals(shown(tree.file(save(10, `${day}/a.json/y`), 0)), ["inFile", 4, `${day}/a.json`]);
});
