import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfinementError } from "../sinks/mod.ts";
import { SaveCollisionError } from "./save_collision.ts";
import { SavedPaths } from "./saved_paths.ts";
import { RECENT_FILES } from "./recent_claims.ts";

const OWN_FILES = [
  { path: "/out/corun.jsonl", role: "corun's metadata log" },
  { path: "/out/.corun-state.json", role: "corun's state file" },
];

Deno.test("SavedPaths refuses corun's own files in another case: macOS and Windows fold it, as the config check does", () => {
  const paths = new SavedPaths("/out", OWN_FILES);
  for (const path of [".Corun-State.json", "CORUN.jsonl", "./Corun.JSONL"]) {
    const error = assertThrows(() => paths.claim(path, "t"), SaveCollisionError);
    assertEquals(error.message.includes("corun's"), true, error.message);
  }
  assertEquals(paths.claim("sub/corun.jsonl", "t"), "sub/corun.jsonl");
});

Deno.test("SavedPaths refuses saves and appends into corun's own directory .corun/, in any case", () => {
  const paths = new SavedPaths("/out", [], { solo: true });
  for (const path of [".corun", ".corun/metadata/x.jsonl", ".Corun/x", "a/../.corun/x"]) {
    const error = assertThrows(() => paths.claim(path, "t"), SaveCollisionError);
    assertEquals(error.message.includes(`corun's own directory ".corun"`), true, error.message);
    assertThrows(() => paths.claimAppend(path, "t"), SaveCollisionError);
  }
  assertEquals(paths.claim(".corunx/a", "t"), ".corunx/a");
  assertEquals(paths.claim("sub/.corun/a", "t"), "sub/.corun/a");
  assertEquals(paths.claim(".cor", "t"), ".cor");
});

Deno.test("SavedPaths refuses a ctx.write path that ends with '/' instead of writing a file where a directory was meant", () => {
  const paths = new SavedPaths("/out", []);
  const error = assertThrows(() => paths.claim("pages/", "t"), ConfinementError);
  assertEquals(error.code, "PATH_INVALID");
  assertEquals(
    error.message,
    'Cannot save "pages/": the path ends with "/", so it names a directory: end it with a file name',
  );
  assertThrows(() => paths.claimAppend("log/", "t"), ConfinementError);
  assertEquals(paths.claim("pages/index.html", "t"), "pages/index.html");
});

Deno.test("SavedPaths refuses a ctx.write or ctx.append name of corun's temporaries, which a later run would sweep away", () => {
  const paths = new SavedPaths("/out", [], { solo: true });
  for (
    const path of [".notes.0123456789ab.part", "sub/.a.txt.corun-partial", ".b.corun-partial.json"]
  ) {
    const error = assertThrows(() => paths.claim(path, "t"), ConfinementError);
    assertEquals(error.code, "PATH_INVALID");
    assertEquals(
      error.message,
      `Cannot save ${JSON.stringify(path)}: the name has the form of corun's temporary files ` +
        `(".<name>.<12 hex digits>.part", ".<name>.corun-partial"), which a later run removes: ` +
        "choose another name",
    );
    assertThrows(() => paths.claimAppend(path, "t"), ConfinementError);
  }
  assertEquals(paths.claim(".notes.part", "t"), ".notes.part");
  assertEquals(paths.claim(".0123456789ab.part/x", "t"), ".0123456789ab.part/x");
});

Deno.test("SavedPaths.claimFetch: a name a server gave is its fetch's alone, within its task and in a run of one task", () => {
  for (const solo of [false, true]) {
    const paths = new SavedPaths("/out", [], { solo });
    assertEquals(paths.claimFetch("dl/a.pdf", "dl", "https://h/get?id=1"), "dl/a.pdf");
    // The same fetch again (a retry, the same URL listed twice) saves there again.
    assertEquals(paths.claimFetch("dl/./a.pdf", "dl", "https://h/get?id=1"), "dl/a.pdf");
    const error = assertThrows(
      () => paths.claimFetch("dl/a.pdf", "dl", "https://h/get?id=2"),
      SaveCollisionError,
    );
    assertEquals(
      error.message,
      'Cannot save "dl/a.pdf" for task "dl": the fetch of https://h/get?id=1 (task "dl") saves to ' +
        "that path in this run; their servers named both downloads alike: keep them apart with " +
        "{uuid} or {sha256} beside {filename} (or {path}, for URLs of different paths)",
    );
    assertThrows(() => paths.claim("dl/a.pdf", "dl"), SaveCollisionError);
    assertThrows(() => paths.claimAppend("dl/a.pdf", "other"), SaveCollisionError);
    // A failed save gives back its claim: the other still holds the name (its save may be made).
    paths.release("dl/a.pdf", "dl");
    assertThrows(
      () => paths.claimFetch("dl/a.pdf", "dl", "https://h/get?id=2"),
      SaveCollisionError,
    );
    // Both failed: the next fetch given the name may save there.
    paths.release("dl/a.pdf", "dl");
    assertEquals(paths.claimFetch("dl/a.pdf", "dl", "https://h/get?id=2"), "dl/a.pdf");
  }
  const shared = new SavedPaths("/out", []);
  shared.claim("page.html", "plain");
  assertThrows(() => shared.claimFetch("page.html", "dl", "https://h/x"), SaveCollisionError);
});

Deno.test("SavedPaths of a shared queue's worker claims no fetch's save (its database does), only its callbacks' writes", () => {
  for (const solo of [false, true]) {
    const paths = new SavedPaths("/out", OWN_FILES, { solo, shared: true });
    // Saves of two tasks, and two fetches named alike: the database's to refuse, per submit.
    assertEquals(paths.claim("page.html", "first", "https://h/a"), "page.html");
    assertEquals(paths.claim("page.html", "second", "https://h/b"), "page.html");
    assertEquals(paths.claimFetch("a.pdf", "dl", "https://h/get?id=1"), "a.pdf");
    assertEquals(paths.claimFetch("a.pdf", "dl", "https://h/get?id=2"), "a.pdf");
    assertEquals(paths.size, 2); // the last saves, remembered for its callbacks' files
    // Its database claims what a run keeps a claim of: one of one writing task, a server's names,
    // and every save when the task's save names files as servers do.
    assertEquals([paths.claimsShared(false), paths.claimsShared(true)], [!solo, true]);
    const named = new SavedPaths("/out", [], { solo, serverNamed: true, shared: true });
    assertEquals([named.claimsShared(false), named.claimsShared(true)], [true, true]);
    // corun's own files are still refused; and, in a run of several writing tasks, a file a
    // callback of another task writes.
    assertThrows(() => paths.claim("corun.jsonl", "first", "https://h/a"), SaveCollisionError);
    if (solo) continue;
    paths.claim("notes.txt", "writer");
    const error = assertThrows(
      () => paths.claim("notes.txt", "first", "https://h/a"),
      SaveCollisionError,
    );
    assertEquals(
      error.message,
      'Cannot save "notes.txt" for task "first": task "writer" saves to that path in this run; ' +
        "give the tasks save templates that render different paths",
    );
    assertThrows(() => paths.claimFetch("notes.txt", "dl", "https://h/x"), SaveCollisionError);
    assertEquals(paths.claim("notes.txt", "writer", "https://h/w"), "notes.txt");
  }
});

Deno.test("SavedPaths of a run claims nothing in a shared queue's database", () => {
  for (const solo of [false, true]) {
    const paths = new SavedPaths("/out", [], { solo });
    assertEquals([paths.claimsShared(false), paths.claimsShared(true)], [false, false]);
  }
});

Deno.test("SavedPaths of a shared queue's worker refuses a callback's file where one of its last fetches saved another task's", () => {
  for (const solo of [false, true]) {
    const paths = new SavedPaths("/out", [], { solo, shared: true });
    paths.claim("index.html", "a", "https://h/a");
    const error = assertThrows(() => paths.claim("index.html", "b"), SaveCollisionError);
    assertEquals(
      error.message,
      'Cannot save "index.html" for task "b": the fetch of https://h/a (task "a") saves to that ' +
        "path in this run; give the tasks save templates that render different paths",
    );
    assertThrows(() => paths.claimAppend("index.html", "b"), SaveCollisionError);
    // Its own task's callback writes and appends there, as in a run; not over a name a server gave.
    assertEquals(paths.claim("index.html", "a"), "index.html");
    assertEquals(paths.claimAppend("index.html", "a"), "index.html");
    paths.claimFetch("f.pdf", "dl", "https://h/get?id=1");
    assertThrows(() => paths.claim("f.pdf", "dl"), SaveCollisionError);
    assertThrows(() => paths.claimAppend("f.pdf", "dl"), SaveCollisionError);
    // The other way round too, in a run of several writing tasks (one of one keeps no claim of a
    // callback's file): a name a server gave is not its task's callback's file either.
    if (!solo) {
      paths.claim("notes.pdf", "dl");
      assertThrows(
        () => paths.claimFetch("notes.pdf", "dl", "https://h/get?id=3"),
        SaveCollisionError,
      );
    }
    // A save that failed is forgotten; another's claim, which the database may refuse, and its
    // release leave the first save remembered.
    paths.claim("gone.html", "a", "https://h/g");
    paths.release("gone.html", "a");
    assertEquals(paths.claim("gone.html", "b"), "gone.html");
    paths.claim("p.html", "a", "https://h/p1");
    paths.claim("p.html", "c", "https://h/p2");
    paths.release("p.html", "c");
    paths.claimFetch("f.pdf", "dl", "https://h/get?id=2");
    for (const [path, task] of [["p.html", "c"], ["f.pdf", "w"]]) {
      assertThrows(() => paths.claim(path, task), SaveCollisionError);
    }
  }
});

Deno.test("SavedPaths of a shared queue's worker: a failed sibling fetch leaves the path among its last saves while another claim of its task holds it", () => {
  for (const solo of [false, true]) {
    const paths = new SavedPaths("/out", [], { solo, shared: true });
    // Two URLs rendering one path: the first saved, the second fails.
    paths.claim("page", "a", "https://h/page?id=1");
    paths.claim("page", "a", "https://h/page?id=2");
    paths.release("page", "a");
    assertThrows(() => paths.claim("page", "b"), SaveCollisionError);
    paths.release("page", "a"); // the first fails too: nobody's
    assertEquals(paths.claim("page", "b"), "page");
    // A name a server gave, fetched twice from one URL: the second fails.
    paths.claimFetch("f.iso", "dl", "https://h/get");
    paths.claimFetch("f.iso", "dl", "https://h/get");
    paths.release("f.iso", "dl");
    assertThrows(() => paths.claim("f.iso", "dl"), SaveCollisionError);
    paths.release("f.iso", "dl");
    assertEquals(paths.claim("f.iso", "dl"), "f.iso");
  }
});

Deno.test("SavedPaths of a shared queue's worker, where the file system folds case and normalization, compares its last saves as the disk does and keys the database's claims so", () => {
  for (const solo of [false, true]) {
    const folding = { case: true, normalization: true };
    const paths = new SavedPaths("/out", [], { solo, shared: true, folding });
    assertEquals(paths.claim("Index.html", "a", "https://h/a"), "Index.html");
    // A callback's file of another task in another spelling is the same file there.
    for (const path of ["index.html", "INDEX.HTML"]) {
      assertThrows(() => paths.claim(path, "b"), SaveCollisionError, "https://h/a");
      assertThrows(() => paths.claimAppend(path, "b"), SaveCollisionError);
    }
    // Its release, in whichever spelling, frees it.
    paths.release("index.html", "a");
    assertEquals(paths.claim("INDEX.html", "b"), "INDEX.html");
    assertEquals(paths.keyOf("Caf\u00c9/Report.TXT"), "caf\u00e9/report.txt");
    assertEquals(paths.keyOf("Cafe\u0301/x"), "caf\u00e9/x");
  }
  // Where it tells them apart, every spelling is its own key.
  const apart = new SavedPaths("/out", [], { shared: true });
  apart.claim("Index.html", "a", "https://h/a");
  assertEquals(apart.claim("index.html", "b"), "index.html");
  assertEquals(apart.keyOf("Report.TXT"), "Report.TXT");
});

Deno.test("SavedPaths of a shared queue's worker remembers a bounded number of its fetches' saves", () => {
  const paths = new SavedPaths("/out", [], { shared: true });
  for (let i = 0; i < RECENT_FILES * 3; i++) {
    paths.claim(`product/${i}/index.html`, "list", `https://h/product/${i}/`);
  }
  assertEquals(paths.size, RECENT_FILES);
  // The oldest is forgotten: not checked, as a file of an earlier submit is not.
  assertEquals(paths.claim("product/0/index.html", "other"), "product/0/index.html");
});

Deno.test("SavedPaths: a path two fetches of one task claim stays the task's until both saves failed; one count for any number of claims", () => {
  const paths = new SavedPaths("/out", []);
  // Two URLs rendering one path (a query left out), and a callback's write of it.
  for (const url of ["https://h/page?id=1", "https://h/page?id=2"]) paths.claim("page", "a", url);
  paths.claim("page", "a");
  assertEquals(paths.size, 2); // the claim, and the count of its other holders
  // Two of them fail: the third holds the path (its file may be saved already).
  paths.release("page", "a");
  paths.release("page", "a");
  assertThrows(() => paths.claim("page", "b", "https://h/b"), SaveCollisionError);
  paths.release("page", "a");
  assertEquals(paths.size, 0);
  assertEquals(paths.claim("page", "b", "https://h/b"), "page");
  // Another task's release takes none of the holder's claims.
  paths.release("page", "a");
  assertThrows(() => paths.claim("page", "c"), SaveCollisionError);
});
