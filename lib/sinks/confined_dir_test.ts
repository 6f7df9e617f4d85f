import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfinementError } from "./confine.ts";
import { AtomicFile } from "./atomic_file.ts";
import { ConfinedDir } from "./confined_dir.ts";
import { problemOf } from "./os_error.ts";
import { failingLocks, nfsLocks, noLocks } from "../../tests/fixtures/file_system_quirks.ts";

async function withTempDir(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun_confined_" }));
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("ConfinedDir refuses a directory that is a symbolic link leading outside, and makes nothing there", async () => {
  await withTempDir((dir) => {
    Deno.mkdirSync(`${dir}/out`);
    Deno.mkdirSync(`${dir}/elsewhere`);
    Deno.symlinkSync(`${dir}/elsewhere`, `${dir}/out/link`);
    const out = ConfinedDir.openSync(`${dir}/out`);
    for (const path of ["link/x.html", "link/new/deeper/x.html"]) {
      const error = assertThrows(
        () => AtomicFile.writeWholeSync(path, bytes("x"), { within: out }),
        ConfinementError,
      );
      assertEquals(error.code, "PATH_ESCAPES_OUTDIR");
    }
    assertThrows(() => out.createTempSync("link/y.bin"), ConfinementError);
    assertThrows(() => out.openFileSync("link/log.txt", { append: true }), ConfinementError);
    assertEquals([...Deno.readDirSync(`${dir}/elsewhere`)], []);
  });
});

Deno.test("ConfinedDir writes through directory links that stay inside, and into a linked output directory", async () => {
  await withTempDir((dir) => {
    Deno.mkdirSync(`${dir}/real/target`, { recursive: true });
    Deno.symlinkSync(`${dir}/real`, `${dir}/out`);
    Deno.symlinkSync(`${dir}/real/target`, `${dir}/real/alias`);
    const out = ConfinedDir.openSync(`${dir}/out`);
    AtomicFile.writeWholeSync("alias/x.html", bytes("x"), { within: out });
    AtomicFile.writeWholeSync("missing/x.html", bytes("y"), { within: out });
    assertEquals(Deno.readTextFileSync(`${dir}/real/target/x.html`), "x");
    assertEquals(Deno.readTextFileSync(`${dir}/real/missing/x.html`), "y");
  });
});

Deno.test("ConfinedDir opens no file that is a symbolic link, wherever it leads, and never creates a dangling link's target", async () => {
  await withTempDir((dir) => {
    Deno.mkdirSync(`${dir}/out`);
    Deno.writeTextFileSync(`${dir}/victim.txt`, "precious\n");
    Deno.writeTextFileSync(`${dir}/out/inside.txt`, "inside\n");
    Deno.symlinkSync(`${dir}/victim.txt`, `${dir}/out/out.txt`);
    Deno.symlinkSync(`${dir}/out/inside.txt`, `${dir}/out/alias.txt`);
    Deno.symlinkSync(`${dir}/nowhere.txt`, `${dir}/out/dangling.txt`);
    const out = ConfinedDir.openSync(`${dir}/out`);
    for (const name of ["out.txt", "alias.txt", "dangling.txt"]) {
      const error = assertThrows(
        () => out.openFileSync(name, { read: true, write: true }),
        ConfinementError,
        "symbolic link",
      );
      assertEquals(error.code, "PATH_ESCAPES_OUTDIR");
    }
    assertEquals(Deno.readTextFileSync(`${dir}/victim.txt`), "precious\n");
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), [
      "out",
      "victim.txt",
    ]);
  });
});

Deno.test("ConfinedDir opens an existing file without truncating it, and makes a missing one", async () => {
  await withTempDir((dir) => {
    const out = ConfinedDir.openSync(`${dir}/out`);
    Deno.writeTextFileSync(`${dir}/out/kept.txt`, "kept\n");
    out.openFileSync("kept.txt", { read: true, write: true }).close();
    assertEquals(Deno.readTextFileSync(`${dir}/out/kept.txt`), "kept\n");
    const made = out.openFileSync("a/b/new.txt", { append: true });
    made.writeSync(bytes("new\n"));
    made.close();
    assertEquals(Deno.readTextFileSync(`${dir}/out/a/b/new.txt`), "new\n");
    assertThrows(
      () => out.openFileSync("absent.txt", { read: true, create: false }),
      Deno.errors.NotFound,
    );
  });
});

Deno.test("a rename replaces a symbolic link at the final name instead of writing through it", async () => {
  await withTempDir((dir) => {
    Deno.mkdirSync(`${dir}/out`);
    Deno.writeTextFileSync(`${dir}/victim.txt`, "precious\n");
    Deno.symlinkSync(`${dir}/victim.txt`, `${dir}/out/page.html`);
    const out = ConfinedDir.openSync(`${dir}/out`);
    AtomicFile.writeWholeSync("page.html", bytes("page"), { within: out });
    assertEquals(Deno.lstatSync(`${dir}/out/page.html`).isFile, true);
    assertEquals(Deno.readTextFileSync(`${dir}/victim.txt`), "precious\n");
  });
});

Deno.test("a temporary whose directory was moved away is not committed into the directory now at its path", async () => {
  await withTempDir((dir) => {
    const out = ConfinedDir.openSync(`${dir}/out`);
    const temp = out.createTempSync("sub/page.html");
    temp.file.close();
    Deno.renameSync(`${dir}/out/sub`, `${dir}/out/sub.moved`);
    Deno.mkdirSync(`${dir}/out/sub`);
    const error = assertThrows(() => out.commitSync(temp, "sub/page.html"), ConfinementError);
    assertEquals(error.code, "DIR_REPLACED");
    assertEquals([...Deno.readDirSync(`${dir}/out/sub`)], []);
  });
});

Deno.test("ConfinedDir leaves the working directory as it found it, also after a refusal", async () => {
  await withTempDir((dir) => {
    const before = Deno.cwd();
    Deno.mkdirSync(`${dir}/out`);
    Deno.symlinkSync("/", `${dir}/out/root`);
    const out = ConfinedDir.openSync(`${dir}/out`);
    AtomicFile.writeWholeSync("a/x.txt", bytes("x"), { within: out });
    assertThrows(
      () => AtomicFile.writeWholeSync("root/x.txt", bytes("x"), { within: out }),
      ConfinementError,
    );
    assertEquals(Deno.cwd(), before);
  });
});

Deno.test("a change of working directory made between two steps stands: the next steps back to it", async () => {
  await withTempDir((dir) => {
    const before = Deno.cwd();
    Deno.mkdirSync(`${dir}/out`);
    Deno.mkdirSync(`${dir}/elsewhere`);
    const out = ConfinedDir.openSync(`${dir}/out`);
    try {
      AtomicFile.writeWholeSync("a/x.txt", bytes("x"), { within: out });
      Deno.chdir(`${dir}/elsewhere`); // the host program's, or a custom task's, between two writes
      AtomicFile.writeWholeSync("b/y.txt", bytes("y"), { within: out });
      assertEquals(Deno.cwd(), `${dir}/elsewhere`);
    } finally {
      Deno.chdir(before);
    }
  });
});

Deno.test("a second run of the same process does not sweep the first run's live temporary", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const runA = ConfinedDir.openSync(dir, Date.now());
    const temp = runA.createTempSync("big.bin");
    temp.file.writeSync(new Uint8Array(10));
    // A slow body: nothing written for a while, so the temporary's mtime is before run B's start.
    const past = new Date(Date.now() - 5_000);
    Deno.utimeSync(`${dir}/${temp.name}`, past, past);
    const runB = ConfinedDir.openSync(dir, Date.now());
    AtomicFile.writeWholeSync("other.txt", new Uint8Array([1]), { within: runB }); // B's first step into the directory sweeps
    temp.file.close();
    runA.commitSync(temp, "big.bin");
    assertEquals(Deno.readFileSync(`${dir}/big.bin`).length, 10);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("on a file system without flock a run sweeps by age alone, and never fails the write", async () => {
  await withTempDir((dir) => {
    Deno.writeTextFileSync(`${dir}/.corun.lock`, ""); // no run can hold it there
    const stale = `${dir}/.a.txt.0123456789ab.part`;
    Deno.writeTextFileSync(stale, "left by a killed run");
    const past = new Date(Date.now() - 5_000);
    Deno.utimeSync(stale, past, past);
    // Another run's body, written to since this run started.
    const young = `${dir}/.b.txt.0123456789ab.part`;
    Deno.writeTextFileSync(young, "being written");
    const later = new Date(Date.now() + 60_000);
    Deno.utimeSync(young, later, later);
    using _noLocks = noLocks();
    const run = ConfinedDir.openSync(dir, Date.now());
    AtomicFile.writeWholeSync("a.txt", bytes("body"), { within: run });
    assertEquals(Deno.readTextFileSync(`${dir}/a.txt`), "body");
    assertEquals(
      [...Deno.readDirSync(dir)].map((entry) => entry.name).sort(),
      [".b.txt.0123456789ab.part", ".corun.lock", "a.txt"],
    );
  });
});

Deno.test("on NFS (an exclusive lock needs a file open for writing) a run sweeps a killed run's temporaries, and leaves one another process writes", async () => {
  await withTempDir((dir) => {
    const old = new Date(Date.now() - 60 * 60 * 1000);
    const stale = `${dir}/.a.txt.0123456789ab.part`;
    const writing = `${dir}/.big.bin.ba9876543210.part`;
    for (const path of [stale, writing]) {
      Deno.writeTextFileSync(path, "the first bytes");
      Deno.utimeSync(path, old, old);
    }
    using _nfs = nfsLocks();
    // Another process's slow body, open and locked as corun's writers hold theirs.
    using writer = Deno.openSync(writing, { read: true, write: true });
    writer.lockSync(false);
    const run = ConfinedDir.openSync(dir, Date.now());
    AtomicFile.writeWholeSync("a.txt", bytes("body"), { within: run });
    assertEquals(
      [...Deno.readDirSync(dir)].map((entry) => entry.name).sort(),
      [".big.bin.ba9876543210.part", "a.txt"],
    );
  });
});

Deno.test("a temporary whose lock fails (EIO) is not made: the error is thrown, and neither file nor open handle stays", async () => {
  await withTempDir((dir) => {
    const out = ConfinedDir.openSync(dir);
    using _failing = failingLocks();
    const error = assertThrows(() => out.createTempSync("a.bin"));
    assertEquals((error as { code?: string }).code, "EIO");
    assertEquals([...Deno.readDirSync(dir)], []);
    // An open handle left behind fails this test: the resource sanitizer sees it.
  });
});

Deno.test("on a file system without flock a named partial is refused, and none is left behind empty", async () => {
  await withTempDir((dir) => {
    using _noLocks = noLocks();
    const out = ConfinedDir.openSync(dir);
    assertEquals(
      out.openTempSync(".a.bin.corun-partial", { create: true, exclusive: true }),
      undefined,
    );
    assertEquals([...Deno.readDirSync(dir)], []);
  });
});

Deno.test({
  name:
    "a file written whole has its mode limited by the umask, as any new file, and leaves no temporary",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    // The process's umask, read by a child (it inherits it): Deno.umask() needs --allow-sys.
    const umask = parseInt(
      new TextDecoder().decode(
        new Deno.Command("sh", { args: ["-c", "umask"] }).outputSync().stdout,
      ).trim(),
      8,
    );
    await withTempDir((dir) => {
      const out = ConfinedDir.openSync(dir);
      AtomicFile.writeWholeSync("default.html", bytes("x"), { within: out });
      AtomicFile.writeWholeSync("private/own.html", bytes("y"), { within: out, mode: 0o660 });
      assertEquals(Deno.statSync(`${dir}/default.html`).mode! & 0o777, 0o666 & ~umask);
      assertEquals(Deno.statSync(`${dir}/private/own.html`).mode! & 0o777, 0o660 & ~umask);
      assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), [
        "default.html",
        "private",
      ]);
      assertEquals([...Deno.readDirSync(`${dir}/private`)].map((entry) => entry.name), [
        "own.html",
      ]);
    });
  },
});

Deno.test({
  name:
    "a temporary is locked while it is open: no other open file takes it exclusively until it is closed",
  // Windows locks are mandatory: a writer holds no shared lock there (see confined_dir.ts).
  ignore: Deno.build.os === "windows",
  fn: async (t) => {
    for (const fileSystem of ["local", "NFS"]) {
      await t.step(`on a ${fileSystem} file system`, async () => {
        using _nfs = fileSystem === "NFS" ? nfsLocks() : undefined;
        await withTempDir((dir) => {
          const out = ConfinedDir.openSync(dir);
          const temp = out.createTempSync("big.bin");
          const sweeper = Deno.openSync(`${dir}/${temp.name}`, { read: true, write: true });
          try {
            assertEquals(sweeper.tryLockSync(true), false);
            temp.file.close();
            assertEquals(sweeper.tryLockSync(true), true);
          } finally {
            sweeper.close();
          }
          out.removeTempSync(temp);
        });
      });
    }
  },
});

Deno.test("a sweep leaves a temporary another process holds open, however old, and removes it once let go", async () => {
  await withTempDir((dir) => {
    // Another process's slow body: its temporary open (so locked), nothing written for an hour.
    const path = `${dir}/.big.bin.0123456789ab.part`;
    Deno.writeTextFileSync(path, "the first bytes");
    const old = new Date(Date.now() - 60 * 60 * 1000);
    Deno.utimeSync(path, old, old);
    const writer = Deno.openSync(path, { write: true });
    writer.lockSync(false);
    try {
      const runB = ConfinedDir.openSync(dir, Date.now());
      AtomicFile.writeWholeSync("b.txt", bytes("b"), { within: runB }); // its first write sweeps
      assertEquals(Deno.readTextFileSync(path), "the first bytes");
    } finally {
      writer.close();
    }
    const runC = ConfinedDir.openSync(dir, Date.now());
    AtomicFile.writeWholeSync("c.txt", bytes("c"), { within: runC });
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name).sort(), ["b.txt", "c.txt"]);
  });
});

Deno.test("removeUnheldSync leaves a file another open file holds, and what goes before it, and removes both once let go", async () => {
  await withTempDir((dir) => {
    const out = ConfinedDir.openSync(dir);
    Deno.writeTextFileSync(`${dir}/.a.bin.corun-partial`, "first bytes");
    Deno.writeTextFileSync(`${dir}/.a.bin.corun-partial.json`, "{}");
    const removeRecord = () => out.removeFileSync(".a.bin.corun-partial.json");
    const writer = Deno.openSync(`${dir}/.a.bin.corun-partial`, { read: true, write: true });
    try {
      writer.lockSync(true);
      assertEquals(out.removeUnheldSync(".a.bin.corun-partial", removeRecord), false);
      assertEquals([...Deno.readDirSync(dir)].length, 2);
    } finally {
      writer.close();
    }
    assertEquals(out.removeUnheldSync(".a.bin.corun-partial", removeRecord), true);
    assertEquals([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("a run remembers a bounded number of swept directories: one forgotten is swept again when written in again", async () => {
  await withTempDir((dir) => {
    const run = ConfinedDir.openSync(dir, Date.now(), 2);
    for (const folder of ["a", "b", "c"]) {
      AtomicFile.writeWholeSync(`${folder}/x.txt`, bytes(folder), { within: run });
    }
    // A killed run's temporary in "a", which the run swept first and has forgotten since.
    const stale = `${dir}/a/.y.txt.0123456789ab.part`;
    Deno.writeTextFileSync(stale, "left by a killed run");
    const past = new Date(Date.now() - 5_000);
    Deno.utimeSync(stale, past, past);
    AtomicFile.writeWholeSync("a/y.txt", bytes("y"), { within: run });
    assertEquals([...Deno.readDirSync(`${dir}/a`)].map((entry) => entry.name).sort(), [
      "x.txt",
      "y.txt",
    ]);
  });
});

Deno.test("removeEmptyDirSync removes an empty folder only, never a link nor what it leads to", async () => {
  await withTempDir((dir) => {
    Deno.mkdirSync(`${dir}/out/empty/inner`, { recursive: true });
    Deno.mkdirSync(`${dir}/out/full`);
    Deno.writeTextFileSync(`${dir}/out/full/x.txt`, "x");
    Deno.mkdirSync(`${dir}/elsewhere/empty`, { recursive: true });
    Deno.symlinkSync(`${dir}/elsewhere/empty`, `${dir}/out/link`);
    Deno.symlinkSync(`${dir}/elsewhere`, `${dir}/out/away`);
    const out = ConfinedDir.openSync(`${dir}/out`);
    assertEquals(out.removeEmptyDirSync("empty"), false, "not empty");
    assertEquals(out.removeEmptyDirSync("empty/inner"), true);
    assertEquals(out.removeEmptyDirSync("empty"), true);
    assertEquals(out.removeEmptyDirSync("empty"), false, "gone already");
    assertEquals(out.removeEmptyDirSync("full"), false);
    assertEquals(out.removeEmptyDirSync("link"), false);
    assertEquals(out.removeEmptyDirSync("away/empty"), false);
    assertEquals(
      [...Deno.readDirSync(`${dir}/out`)].map((entry) => entry.name).sort(),
      ["away", "full", "link"],
    );
    assertEquals(Deno.statSync(`${dir}/elsewhere/empty`).isDirectory, true);
  });
});

Deno.test("a folder on the way that another run removes while this one makes it is made again", async () => {
  await withTempDir((dir) => {
    const out = ConfinedDir.openSync(`${dir}/out`);
    // Another run removes `a`, empty, just after this one made it and stepped in.
    const mkdirSync = Deno.mkdirSync;
    let removals = 0;
    Deno.mkdirSync = (path: string | URL, options?: Deno.MkdirOptions) => {
      if (path === "b" && removals++ === 0) Deno.removeSync(`${dir}/out/a`);
      return mkdirSync(path, options);
    };
    try {
      const temp = out.createTempSync("a/b/x.json");
      temp.file.close();
      out.commitSync(temp, "a/b/x.json");
    } finally {
      Deno.mkdirSync = mkdirSync;
    }
    assertEquals([removals, Deno.statSync(`${dir}/out/a/b/x.json`).isFile], [2, true]);
  });
});

Deno.test({
  name: "a file saved over another keeps its permission bits, whole or streamed, exactly",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withTempDir(async (dir) => {
      Deno.mkdirSync(`${dir}/sub`);
      const files = ["top.txt", "top.bin", "sub/a.txt", "sub/a.bin", "sub/r.txt", "sub/r.bin"];
      // 0o666: past what a umask of 022 would let an open make; 0o444: no owner's write.
      const modes = [0o666, 0o640, 0o666, 0o640, 0o444, 0o444];
      for (const [i, path] of files.entries()) {
        Deno.writeTextFileSync(`${dir}/${path}`, "old");
        Deno.chmodSync(`${dir}/${path}`, modes[i]);
      }
      Deno.writeTextFileSync(`${dir}/sub/p.bin`, "old");
      Deno.chmodSync(`${dir}/sub/p.bin`, 0o600);
      const run = ConfinedDir.openSync(dir, Date.now());
      for (const path of files) {
        if (path.endsWith(".txt")) AtomicFile.writeWholeSync(path, bytes("new"), { within: run });
        else {
          const file = AtomicFile.createSync(path, { within: run });
          file.write(bytes("new"));
          await file.commit();
        }
      }
      // A named partial (`resume: true`) made for the file takes them as well.
      const partial = AtomicFile.continueSync("sub/p.bin", "sub/.p.bin.0123.corun-partial", {
        within: run,
        create: true,
        lock: true,
      });
      partial.write(bytes("new"));
      await partial.commit();
      AtomicFile.writeWholeSync("sub/made.txt", bytes("new"), { within: run });
      const modeOf = (path: string) => Deno.statSync(`${dir}/${path}`).mode! & 0o777;
      assertEquals(files.map(modeOf), modes);
      assertEquals(modeOf("sub/p.bin"), 0o600);
      assertEquals(Deno.readTextFileSync(`${dir}/sub/a.bin`), "new");
      assertEquals(Deno.readTextFileSync(`${dir}/sub/r.bin`), "new");
      // A file made new takes the default (what the umask leaves of 0o666), as before.
      Deno.openSync(`${dir}/probe`, { write: true, createNew: true }).close();
      assertEquals(modeOf("sub/made.txt"), modeOf("probe"));
      // A directory this instance does not sweep (the history's, the state's) keeps them too.
      Deno.chmodSync(`${dir}/sub/made.txt`, 0o600);
      AtomicFile.writeWholeSync(`${dir}/sub/made.txt`, bytes("again"));
      assertEquals(modeOf("sub/made.txt"), 0o600);
    });
  },
});

Deno.test({
  name: "a file saved over a symbolic link replaces the link and takes no mode from its target",
  ignore: Deno.build.os === "windows",
  async fn() {
    await withTempDir((dir) => {
      Deno.writeTextFileSync(`${dir}/target`, "outside");
      Deno.chmodSync(`${dir}/target`, 0o600);
      Deno.mkdirSync(`${dir}/out`);
      Deno.symlinkSync(`${dir}/target`, `${dir}/out/link.txt`);
      const run = ConfinedDir.openSync(`${dir}/out`, Date.now());
      AtomicFile.writeWholeSync("link.txt", bytes("new"), { within: run });
      assertEquals(Deno.lstatSync(`${dir}/out/link.txt`).isFile, true);
      assertEquals(Deno.readTextFileSync(`${dir}/target`), "outside");
      Deno.openSync(`${dir}/probe`, { write: true, createNew: true }).close();
      const modeOf = (path: string) => Deno.statSync(`${dir}/${path}`).mode! & 0o777;
      assertEquals(modeOf("out/link.txt"), modeOf("probe")); // the default, not the target's
    });
  },
});

Deno.test("a save whose folder cannot be made, or is a file, names that folder, keeping the system's error", async () => {
  await withTempDir((dir) => {
    Deno.mkdirSync(`${dir}/out`);
    Deno.writeFileSync(`${dir}/out/taken`, bytes("a file"));
    const out = ConfinedDir.openSync(`${dir}/out`);
    const onTheWay = assertThrows(
      () => AtomicFile.writeWholeSync("taken/new/a.txt", bytes("x"), { within: out }),
      Deno.errors.NotADirectory,
    );
    // Before, only "Not a directory (os error 20)": which of the save's folders was not said.
    assertEquals(
      problemOf(onTheWay),
      '"taken" is a file, not a folder: Not a directory (os error 20)',
    );
    const long = "d".repeat(300); // past the 255 bytes a name may have
    const unmade = assertThrows(
      () => AtomicFile.writeWholeSync(`ok/${long}/a.txt`, bytes("x"), { within: out }),
      Error,
    );
    assertEquals(
      problemOf(unmade),
      `cannot make the folder "ok/${long}": File name too long (os error 36)`,
    );
    assertEquals(Deno.readTextFileSync(`${dir}/out/taken`), "a file");
  });
});
