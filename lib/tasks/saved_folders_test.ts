import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { SaveCollisionError, SavedPaths } from "./saved_paths.ts";
import { SavedFolders } from "./saved_folders.ts";
import { SoloFiles, WRITTEN_IN_RUN } from "./solo_files.ts";

const ADVICE = "a path cannot be both a file and a folder: save one of them under another name";

Deno.test("SavedPaths: a file where another task's save needs a folder, and a save inside another task's file, fail naming both", () => {
  const paths = new SavedPaths("/out", []);
  paths.claim("a/b/c.html", "deep", "https://h/a/b/c.html");
  const onFolder = assertThrows(
    () => paths.claim("a/b", "file", "https://h/a/b"),
    SaveCollisionError,
  );
  assertEquals(
    onFolder.message,
    'Cannot save "a/b" for task "file": it is the folder of "a/b/c.html", which the fetch of ' +
      `https://h/a/b/c.html (task "deep") saves in this run; ${ADVICE}`,
  );
  assertEquals(onFolder.path, "a/b");
  // A folder higher up, and for every way of claiming a file.
  assertThrows(() => paths.claim("a", "file"), SaveCollisionError);
  assertThrows(() => paths.claimFetch("a/b", "file", "https://h/x"), SaveCollisionError);
  assertThrows(() => paths.claimAppend("a/b", "file"), SaveCollisionError);
  assertThrows(() => paths.check("a/b", "file"), SaveCollisionError);
  // The refused claims took nothing: their file's folder, `a`, is still free of any file.
  assertEquals(paths.claim("a/other.html", "file"), "a/other.html");

  paths.claim("x/y", "file", "https://h/x/y");
  const inFile = assertThrows(
    () => paths.claim("x/y/z/page.html", "deep", "https://u:secret@h/x/y/z"),
    SaveCollisionError,
  );
  assertEquals(
    inFile.message,
    'Cannot save "x/y/z/page.html" for task "deep": its folder "x/y" is a file task "file" saves ' +
      `in this run; ${ADVICE}`,
  );
  // A path no other fetch renders (`{uuid}`, `{sha256}`) needs its folders too.
  assertThrows(() => paths.check("x/y/0f3c.bin", "deep", "https://h/x/y"), SaveCollisionError);
  // Nothing of the refused save was taken: once `x/y` is given back, `x/y/z` may be a file.
  paths.release("x/y", "file");
  assertEquals(paths.claim("x/y/z", "other"), "x/y/z");
});

Deno.test("SavedPaths: appended and server-named files in the way of a folder are named as such, the URL without credentials", () => {
  const paths = new SavedPaths("/out", []);
  paths.claimAppend("log", "a");
  paths.claimAppend("log", "b");
  paths.claimFetch("dl/x.pdf", "dl", "https://me:pw@h/get?id=1");
  assertEquals(
    assertThrows(() => paths.claim("log/1", "c"), SaveCollisionError).message,
    `Cannot save "log/1" for task "c": its folder "log" is a file tasks "a" and others append to ` +
      `in this run; ${ADVICE}`,
  );
  assertEquals(
    assertThrows(() => paths.claim("dl/x.pdf/1", "c"), SaveCollisionError).message,
    `Cannot save "dl/x.pdf/1" for task "c": its folder "dl/x.pdf" is a file the fetch of ` +
      `https://***@h/get?id=1 (task "dl") saves in this run; ${ADVICE}`,
  );
  paths.claim("w/x.txt", "writer");
  assertEquals(
    assertThrows(() => paths.claim("w", "c", "https://h/w"), SaveCollisionError).message,
    `Cannot save "w" for task "c": it is the folder of "w/x.txt", which task "writer" writes ` +
      `in this run; ${ADVICE}`,
  );
});

Deno.test("SavedPaths: a failed save gives its file back, but not its folders (it may have made them)", () => {
  const paths = new SavedPaths("/out", []);
  paths.claim("a/b", "t", "https://h/1");
  paths.release("a/b", "t");
  assertEquals(paths.claim("a/b/c.html", "t", "https://h/2"), "a/b/c.html");
  paths.release("a/b/c.html", "t");
  assertThrows(() => paths.claim("a/b", "t", "https://h/1"), SaveCollisionError);
});

Deno.test("SavedPaths of a run of one writing task finds file and folder both ways, naming the other fetch", () => {
  const solo = new SavedPaths("/nonexistent-corun-out", [], { solo: true });
  solo.claim("a/b", "list", "https://h/1");
  assertEquals(
    assertThrows(() => solo.claim("a/b/c.html", "list", "https://h/2"), SaveCollisionError).message,
    'Cannot save "a/b/c.html" for task "list": its folder "a/b" is a file the fetch of ' +
      `https://h/1 (task "list") saves in this run; ${ADVICE}`,
  );
  solo.claim("p/q.html", "list", "https://h/3");
  assertEquals(
    assertThrows(() => solo.claim("p", "list", "https://h/4"), SaveCollisionError).message,
    'Cannot save "p" for task "list": it is the folder of "p/q.html", which the fetch of ' +
      `https://h/3 (task "list") saves in this run; ${ADVICE}`,
  );
  // Its own files may still repeat, the later replacing the earlier.
  assertEquals(solo.claim("a/b", "list", "https://h/5"), "a/b");
  // A failed save's file is forgotten.
  solo.release("a/b", "list");
  assertEquals(solo.claim("a/b/d.html", "list", "https://h/6"), "a/b/d.html");
});

Deno.test("SavedFolders records a save's new folders only when none is a file, and asks from the deepest up to the first one known", () => {
  const folders = new SavedFolders();
  const asked: string[] = [];
  const noFile = (folder: string) => void asked.push(folder);
  const user = { task: "t", url: undefined, file: "a/b/c/d.html" };
  assertEquals(folders.need(user, noFile), undefined);
  assertEquals(asked, ["a/b/c", "a/b", "a"]);
  assertEquals(folders.userOf("a/b"), user);
  asked.length = 0;
  assertEquals(folders.need({ ...user, file: "a/b/x/y.html" }, noFile), undefined);
  assertEquals(asked, ["a/b/x"]);
  const inFile = folders.need(
    { ...user, file: "m/n/o.html" },
    (folder) => folder === "m" ? "owner" : undefined,
  );
  assertEquals(inFile, { folder: "m", owner: "owner" });
  assertEquals(folders.userOf("m/n"), undefined);
  assertEquals(folders.need({ ...user, file: "top.html" }, noFile), undefined);
});

Deno.test("SoloFiles: a recent claim is named; an older file is the run's only when written since the run started", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-solo-files-" });
  try {
    await Deno.writeTextFile(`${outDir}/old`, "from before the run");
    await Deno.utime(`${outDir}/old`, new Date("2020-01-01"), new Date("2020-01-01"));
    await Deno.writeTextFile(`${outDir}/new`, "written by the run");
    await Deno.mkdir(`${outDir}/dir`);
    const files = new SoloFiles(outDir, Date.now(), 2);
    files.claimed("c1", { task: "t", url: "https://h/1" });
    files.claimed("c2", { task: "t", url: "https://h/2" });
    assertEquals(files.fileAt("c1"), { task: "t", url: "https://h/1" });
    files.claimed("c3", { task: "t", url: "https://h/3" }); // c1 goes: two are kept
    assertEquals(files.fileAt("c1"), undefined);
    assertEquals(files.fileAt("c3"), { task: "t", url: "https://h/3" });
    files.released("c3", "t");
    assertEquals(files.fileAt("c3"), undefined);
    assertEquals(files.fileAt("new"), WRITTEN_IN_RUN);
    assertEquals(files.fileAt("old"), undefined);
    assertEquals(files.fileAt("dir"), undefined);
    assertEquals(files.fileAt("missing"), undefined);
    assertEquals(files.fileAt("old/below"), undefined);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("SavedPaths of one writing task: a file of the run found on disk, no longer among the recent claims, is said to be written there", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-solo-disk-" });
  try {
    const solo = new SavedPaths(outDir, [], { solo: true });
    await Deno.writeTextFile(`${outDir}/early`, "saved early in the run");
    assertEquals(
      assertThrows(() => solo.claim("early/x", "list", "https://h/2"), SaveCollisionError).message,
      `Cannot save "early/x" for task "list": its folder "early" is a file written there in this ` +
        `run; ${ADVICE}`,
    );
    // One from before the run is no collision: the save meets it as it always did.
    await Deno.utime(`${outDir}/early`, new Date("2020-01-01"), new Date("2020-01-01"));
    assertEquals(solo.claim("early/x", "list", "https://h/2"), "early/x");
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});
