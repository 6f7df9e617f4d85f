import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { SaveCollisionError } from "./save_collision.ts";
import { SavedPaths } from "./saved_paths.ts";
import { SavedFolders } from "./saved_folders.ts";
import { SoloFiles, WRITTEN_IN_RUN } from "./solo_files.ts";
import { RECENT_FILES } from "./recent_claims.ts";

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

Deno.test("SavedPaths: a failed save gives its file back, and its folders but those on disk (it may have made them)", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-failed-save-" });
  try {
    const paths = new SavedPaths(outDir, []);
    paths.claim("a/b", "t", "https://h/1");
    paths.release("a/b", "t");
    assertEquals(paths.claim("a/b/c.html", "t", "https://h/2"), "a/b/c.html");
    paths.release("a/b/c.html", "t");
    // Its save never made `a/b`: a file may be saved there.
    assertEquals(paths.claim("a/b", "t", "https://h/1"), "a/b");
    paths.claim("x/y/z.html", "t", "https://h/3");
    await Deno.mkdir(`${outDir}/x/y`, { recursive: true });
    paths.release("x/y/z.html", "t");
    // Its save made `x/y` before it failed: the folder is there, the file would not be.
    assertThrows(() => paths.claim("x/y", "t", "https://h/4"), SaveCollisionError);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

/** The error a save meets when a folder on its way is a file, or its path a folder. */
function systemError(code: "ENOTDIR" | "EISDIR"): Error {
  return Object.assign(new Error(`${code} (os error ${code === "ENOTDIR" ? 20 : 21})`), { code });
}

Deno.test("SavedPaths of a run of one writing task checks no folder at the claim, and names the other fetch when the save meets its file or folder", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-solo-meet-" });
  try {
    const solo = new SavedPaths(outDir, [], { solo: true });
    solo.claim("a/b", "list", "https://h/1");
    await Deno.mkdir(`${outDir}/a`);
    await Deno.writeTextFile(`${outDir}/a/b`, "one");
    assertEquals(solo.claim("a/b/c.html", "list", "https://h/2"), "a/b/c.html");
    assertEquals(
      solo.collisionOf(systemError("ENOTDIR"), "a/b/c.html", "list")?.message,
      'Cannot save "a/b/c.html" for task "list": its folder "a/b" is a file the fetch of ' +
        `https://h/1 (task "list") saves in this run; ${ADVICE}`,
    );
    solo.claim("p/q.html", "list", "https://h/3");
    await Deno.mkdir(`${outDir}/p`);
    await Deno.writeTextFile(`${outDir}/p/q.html`, "three");
    assertEquals(solo.claim("p", "list", "https://h/4"), "p");
    assertEquals(
      solo.collisionOf(systemError("EISDIR"), "p", "list")?.message,
      'Cannot save "p" for task "list": it is the folder of "p/q.html", which the fetch of ' +
        `https://h/3 (task "list") saves in this run; ${ADVICE}`,
    );
    // Any other error is not one.
    assertEquals(solo.collisionOf(new Error("boom"), "p", "list"), undefined);
    // Its own files may still repeat, the later replacing the earlier.
    assertEquals(solo.claim("a/b", "list", "https://h/5"), "a/b");
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("SavedPaths of a run of one writing task keeps a bounded number of entries, however many folders its saves need", () => {
  const solo = new SavedPaths("/nonexistent-corun-out", [], { solo: true });
  const claims = RECENT_FILES * 4;
  for (let i = 0; i < claims; i++) {
    solo.claim(`product/${i}/index.html`, "list", `https://h/product/${i}/`);
  }
  assertEquals(solo.size, RECENT_FILES);
  // A run of several writing tasks keeps each claim and each folder: it checks them at the claim.
  const shared = new SavedPaths("/nonexistent-corun-out", []);
  for (let i = 0; i < 10; i++) shared.claim(`product/${i}/index.html`, "a");
  assertEquals(shared.size, 10 + 10 + 1);
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
    // A folder: the newest recent claim inside it, else the disk.
    files.claimed("dir/a", { task: "t", url: "https://h/a" });
    files.claimed("dir/b", { task: "t", url: "https://h/b" });
    assertEquals(files.folderAt("dir"), { task: "t", url: "https://h/b", file: "dir/b" });
    assertEquals(files.folderAt("missing"), undefined);
    assertEquals(files.folderAt("new"), undefined);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("SavedPaths of one writing task: a file or folder of the run found on disk, no longer among the recent claims, is said to be written there", async () => {
  const outDir = await Deno.makeTempDir({ prefix: "corun-solo-disk-" });
  try {
    const solo = new SavedPaths(outDir, [], { solo: true });
    await Deno.writeTextFile(`${outDir}/early`, "saved early in the run");
    assertEquals(
      solo.collisionOf(systemError("ENOTDIR"), "early/x", "list")?.message,
      `Cannot save "early/x" for task "list": its folder "early" is a file written there in this ` +
        `run; ${ADVICE}`,
    );
    await Deno.mkdir(`${outDir}/dir`);
    await Deno.writeTextFile(`${outDir}/dir/x`, "saved early in the run");
    assertEquals(
      solo.collisionOf(systemError("EISDIR"), "dir", "list")?.message,
      `Cannot save "dir" for task "list": it is a folder written to in this run; ${ADVICE}`,
    );
    // One from before the run is no collision: the save meets it as it always did.
    const before = new Date("2020-01-01");
    await Deno.utime(`${outDir}/early`, before, before);
    await Deno.utime(`${outDir}/dir`, before, before);
    assertEquals(solo.collisionOf(systemError("ENOTDIR"), "early/x", "list"), undefined);
    assertEquals(solo.collisionOf(systemError("EISDIR"), "dir", "list"), undefined);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("SoloFiles keeps the paths of its last claims: a path claimed again counts from its newest claim, a released one is not forgotten twice", () => {
  const files = new SoloFiles("/nonexistent-corun-out", Date.now(), 2);
  const claim = (path: string) => files.claimed(path, { task: "t", url: `https://h/${path}` });
  const kept = (...paths: string[]) => paths.filter((path) => files.fileAt(path) !== undefined);
  claim("a");
  claim("a");
  claim("b"); // the older claim of a goes, not a
  assertEquals(kept("a", "b"), ["a", "b"]);
  claim("a");
  claim("c"); // b is the oldest now
  assertEquals(kept("a", "b", "c"), ["a", "c"]);
  files.released("a", "t");
  claim("d"); // in place of a's claim, released: c stays
  assertEquals(kept("a", "c", "d"), ["c", "d"]);
  claim("a");
  assertEquals(kept("a", "c", "d"), ["a", "d"]);
  assertEquals(files.fileAt("d"), { task: "t", url: "https://h/d" });
  assertEquals(files.size, 2);
  // Claimed twice (two URLs rendering it): one failed save leaves the other's file named.
  claim("d");
  files.released("d", "t");
  assertEquals(files.fileAt("d"), { task: "t", url: "https://h/d" });
  files.released("d", "t");
  assertEquals(files.fileAt("d"), undefined);
});
