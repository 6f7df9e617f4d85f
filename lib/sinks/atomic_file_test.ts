import {
  assert,
  assertEquals,
  assertRejects,
  assertThrows,
} from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
import {
  AtomicFile,
  DIRECT_WRITE_BYTES,
  PartialBusyError,
  WRITE_BUFFER_BYTES,
} from "./atomic_file.ts";
import { ConfinedDir, TempReplacedError } from "./confined_dir.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun_atomic_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function listAll(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    names.push(entry.name);
    if (entry.isDirectory) {
      names.push(...(await listAll(join(dir, entry.name))).map((n) => `${entry.name}/${n}`));
    }
  }
  return names.sort();
}

/** Bytes that differ at every offset, so a reordered or dropped chunk shows. */
function pattern(length: number, seed = 0): Uint8Array {
  return new Uint8Array(length).map((_, i) => (i * 7 + seed + (i >> 8)) % 256);
}

/** Counts (and optionally fails) file writes while `fn` runs. */
async function spyOnFileWrites(
  fn: (calls: { count: number; failNext: boolean }) => void | Promise<void>,
): Promise<void> {
  const original = Deno.FsFile.prototype.writeSync;
  const calls = { count: 0, failNext: false };
  Deno.FsFile.prototype.writeSync = function (this: Deno.FsFile, bytes: Uint8Array) {
    calls.count++;
    if (calls.failNext) throw new Error("disk full");
    return original.call(this, bytes);
  };
  try {
    await fn(calls);
  } finally {
    Deno.FsFile.prototype.writeSync = original;
  }
}

Deno.test("AtomicFile.commit() renames the temporary file into place and makes parent directories", async () => {
  await withTempDir(async (dir) => {
    const finalPath = join(dir, "a", "b", "page.html");
    const file = await AtomicFile.create(finalPath);
    assert(file.tempPath.startsWith(join(dir, "a", "b", ".page.html.")));
    assert(file.tempPath.endsWith(".part"));
    file.write(new TextEncoder().encode("<h1>hi</h1>"));
    assertEquals(file.bytesWritten, 11);
    assertEquals(await file.commit(), finalPath);
    assertEquals(await Deno.readTextFile(finalPath), "<h1>hi</h1>");
    assertEquals(await listAll(dir), ["a", "a/b", "a/b/page.html"]);
  });
});

Deno.test("AtomicFile.abort() leaves no file behind and the final path untouched", async () => {
  await withTempDir(async (dir) => {
    const finalPath = join(dir, "page.html");
    await Deno.writeTextFile(finalPath, "old");
    const file = await AtomicFile.create(finalPath);
    file.write(pattern(3 * WRITE_BUFFER_BYTES));
    await file.abort();
    await file.abort();
    assertEquals(await Deno.readTextFile(finalPath), "old");
    assertEquals(await listAll(dir), ["page.html"]);
    assertThrows(() => file.write(pattern(1)), TypeError, "already aborted");
    await assertRejects(() => file.commit(), TypeError, "already aborted");
  });
});

Deno.test("AtomicFile.abort() does not throw when the temporary file is already gone", async () => {
  await withTempDir(async (dir) => {
    const file = await AtomicFile.create(join(dir, "x"));
    await Deno.remove(file.tempPath);
    await file.abort();
    assertEquals(await listAll(dir), []);
  });
});

Deno.test("a reader never sees a partial final file while an AtomicFile is written", async () => {
  await withTempDir(async (dir) => {
    const fresh = join(dir, "fresh.bin");
    const replaced = join(dir, "replaced.bin");
    await Deno.writeTextFile(replaced, "old");
    const body = pattern(5 * WRITE_BUFFER_BYTES + 123);
    const files = [await AtomicFile.create(fresh), await AtomicFile.create(replaced)];
    for (let offset = 0; offset < body.length; offset += 300_000) {
      for (const file of files) file.write(body.subarray(offset, offset + 300_000));
      await assertRejects(() => Deno.stat(fresh), Deno.errors.NotFound);
      assertEquals(await Deno.readTextFile(replaced), "old");
    }
    for (const file of files) await file.commit();
    assertEquals(await Deno.readFile(fresh), body);
    assertEquals(await Deno.readFile(replaced), body);
  });
});

Deno.test("AtomicFile coalesces small writes into few file writes with byte-identical content", async () => {
  await withTempDir(async (dir) => {
    const finalPath = join(dir, "big.bin");
    const body = pattern(16 * 1024 * 200 + 5, 3);
    await spyOnFileWrites(async (calls) => {
      const file = await AtomicFile.create(finalPath);
      for (let offset = 0; offset < body.length; offset += 16 * 1024) {
        file.write(body.subarray(offset, offset + 16 * 1024));
      }
      await file.commit();
      // 200 TLS-sized records become one write per buffer, not one each.
      const buffers = Math.ceil(body.length / WRITE_BUFFER_BYTES);
      assert(calls.count <= buffers + 1, `${calls.count} file writes for ${buffers} buffers`);
    });
    assertEquals(await Deno.readFile(finalPath), body);
  });
});

Deno.test("AtomicFile keeps content exact across odd chunk sizes, huge chunks and a reused caller buffer", async () => {
  await withTempDir(async (dir) => {
    const finalPath = join(dir, "mixed.bin");
    const body = pattern(7 * WRITE_BUFFER_BYTES + 17, 11);
    const sizes = [
      1,
      2,
      16_384,
      3,
      WRITE_BUFFER_BYTES - 1,
      2 * WRITE_BUFFER_BYTES + 5,
      0,
      999_999,
      4096,
    ];
    const reused = new Uint8Array(Math.max(...sizes));
    const file = await AtomicFile.create(finalPath);
    let offset = 0;
    for (let i = 0; offset < body.length; i++) {
      const size = Math.min(sizes[i % sizes.length], body.length - offset);
      reused.set(body.subarray(offset, offset + size));
      file.write(reused.subarray(0, size));
      reused.fill(0xee); // the file must have copied or written the bytes already
      offset += size;
    }
    assertEquals(file.bytesWritten, body.length);
    await file.commit();
    assertEquals(await Deno.readFile(finalPath), body);
  });
});

Deno.test("AtomicFile.commit() accepts a final path known only at the end", async () => {
  await withTempDir(async (dir) => {
    const file = await AtomicFile.create(join(dir, "pending"));
    file.write(new TextEncoder().encode("digest me"));
    const late = join(dir, "by-digest", "ab", "abcdef.txt");
    assertEquals(await file.commit(late), late);
    assertEquals(await Deno.readTextFile(late), "digest me");
    assertEquals(await listAll(dir), ["by-digest", "by-digest/ab", "by-digest/ab/abcdef.txt"]);
    await file.abort(); // after commit: nothing to do, the file stays
    assertEquals(await Deno.readTextFile(late), "digest me");
  });
});

Deno.test("a failed AtomicFile write aborts: no temporary file, final path untouched", async () => {
  await withTempDir(async (dir) => {
    const finalPath = join(dir, "page.html");
    await Deno.writeTextFile(finalPath, "old");
    const file = await AtomicFile.create(finalPath);
    await spyOnFileWrites((calls) => {
      calls.failNext = true;
      assertThrows(() => file.write(pattern(2 * WRITE_BUFFER_BYTES)), Error, "disk full");
    });
    assertEquals(await listAll(dir), ["page.html"]);
    assertEquals(await Deno.readTextFile(finalPath), "old");
    await assertRejects(() => file.commit(), TypeError, "already aborted");
  });
});

Deno.test("a failed AtomicFile commit removes the temporary file", async () => {
  await withTempDir(async (dir) => {
    const file = await AtomicFile.create(join(dir, "x.txt"));
    file.write(new TextEncoder().encode("x"));
    await Deno.mkdir(join(dir, "taken", "full"), { recursive: true });
    // Renaming a file over a non-empty directory fails.
    await assertRejects(() => file.commit(join(dir, "taken")));
    assertEquals(await listAll(dir), ["taken", "taken/full"]);
  });
});

Deno.test("AtomicFile aborts at the end of an await using block unless committed", async () => {
  await withTempDir(async (dir) => {
    {
      await using file = await AtomicFile.create(join(dir, "dropped"), { mode: 0o600 });
      file.write(pattern(10));
      assertEquals((await Deno.stat(file.tempPath)).mode! & 0o777, 0o600);
    }
    {
      await using file = await AtomicFile.create(join(dir, "kept"));
      file.write(pattern(10));
      await file.commit();
    }
    assertEquals(await listAll(dir), ["kept"]);
  });
});

Deno.test("AtomicFile.writeWholeSync() writes files whole, makes their directories and replaces existing files", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "deep", "note.txt");
    const text = (value: string) => new TextEncoder().encode(value);
    assertEquals(AtomicFile.writeWholeSync(path, text("first")), path);
    AtomicFile.writeWholeSync(path, text("美 second"));
    assertEquals(await Deno.readTextFile(path), "美 second");
    AtomicFile.writeWholeSync(join(dir, "b.bin"), pattern(1000), { sync: true, mode: 0o640 });
    assertEquals(await Deno.readFile(join(dir, "b.bin")), pattern(1000));
    assertEquals((await Deno.stat(join(dir, "b.bin"))).mode! & 0o777, 0o640);
    assertEquals(await listAll(dir), ["b.bin", "deep", "deep/note.txt"]);
  });
});

Deno.test("a failed AtomicFile.writeWholeSync() rename leaves no temporary file and the target untouched", async () => {
  await withTempDir(async (dir) => {
    await Deno.mkdir(join(dir, "target", "inner"), { recursive: true });
    assertThrows(() => AtomicFile.writeWholeSync(join(dir, "target"), new Uint8Array([1])));
    assertEquals(await listAll(dir), ["target", "target/inner"]);
  });
});

Deno.test("a failed AtomicFile.writeWholeSync() write (a full disk) leaves no temporary file and the old file as it was", async () => {
  await withTempDir(async (dir) => {
    const within = ConfinedDir.openSync(dir);
    AtomicFile.writeWholeSync("sub/page.html", pattern(100), { within });
    // The disk fills half-way through the temporary, whichever way it is written.
    const writeFileSync = Deno.writeFileSync;
    Deno.writeFileSync = (
      path: string | URL,
      data: Uint8Array,
      options?: Deno.WriteFileOptions,
    ) => {
      writeFileSync(path, data.subarray(0, data.byteLength >> 1), options);
      throw new Error("disk full");
    };
    try {
      assertThrows(
        () => AtomicFile.writeWholeSync("sub/page.html", pattern(200, 1), { within }),
        Error,
        "disk full",
      );
    } finally {
      Deno.writeFileSync = writeFileSync;
    }
    await spyOnFileWrites((calls) => {
      calls.failNext = true;
      assertThrows(
        () => AtomicFile.writeWholeSync("sub/page.html", pattern(200, 1), { within, sync: true }),
        Error,
        "disk full",
      );
    });
    assertEquals(await Deno.readFile(join(dir, "sub", "page.html")), pattern(100));
    assertEquals(await listAll(dir), ["sub", "sub/page.html"]);
  });
});

Deno.test("AtomicFile.abort() during a commit's flush to disk stops it before the rename and removes the temporary file", async () => {
  await withTempDir(async (dir) => {
    const file = await AtomicFile.create(join(dir, "page.html"), { sync: true });
    file.write(new TextEncoder().encode("whole"));
    // The flush is the commit's one wait; the rename itself is one synchronous step.
    const committed = file.commit(join(dir, "later", "page.html"));
    await file.abort();
    await assertRejects(() => committed, DOMException, "the file was aborted");
    assertEquals(await listAll(dir), []);
    await assertRejects(() => file.commit(), TypeError, "already aborted");
  });
});

Deno.test("AtomicFile.abort() called once a commit has begun without a flush leaves the committed file", async () => {
  await withTempDir(async (dir) => {
    const finalPath = join(dir, "page.html");
    const file = await AtomicFile.create(finalPath);
    file.write(new TextEncoder().encode("whole"));
    const committed = file.commit();
    await file.abort();
    assertEquals(await committed, finalPath);
    assertEquals(await listAll(dir), ["page.html"]);
    assertEquals(await Deno.readTextFile(finalPath), "whole");
  });
});

Deno.test("AtomicFile refuses a write or a second commit while a commit is in flight", async () => {
  await withTempDir(async (dir) => {
    // With sync, the commit waits for the flush to disk before its rename.
    const file = await AtomicFile.create(join(dir, "page.html"), { sync: true });
    const committed = file.commit();
    // Both calls are made before anything is awaited: the commit cannot have finished yet.
    assertThrows(() => file.write(pattern(1)), TypeError, "being committed");
    const secondCommit = file.commit();
    await assertRejects(() => secondCommit, TypeError, "being committed");
    await committed;
  });
});

Deno.test("a kept temporary is continued where it stopped; read back, it is the bytes written so far", async () => {
  await withTempDir(async (dir) => {
    const within = ConfinedDir.openSync(dir);
    const data = pattern(3 * WRITE_BUFFER_BYTES + 17);
    const first = AtomicFile.createSync("d/out.bin", { within });
    first.write(data.subarray(0, 1000)); // buffered: keep() must write it out
    const kept = first.keep();
    assertEquals(await listAll(dir), ["d", `d/${kept.slice(2)}`]);
    await first.abort(); // does nothing once kept
    assertEquals((await Deno.stat(join(dir, kept))).size, 1000);

    const second = AtomicFile.continueSync("d/out.bin", kept, { within });
    assertEquals(second.bytesWritten, 1000);
    const back: number[] = [];
    await second.readBack((chunk) => back.push(...chunk));
    assertEquals(new Uint8Array(back), data.subarray(0, 1000));
    second.write(data.subarray(1000));
    await second.commit();
    assertEquals(await Deno.readFile(join(dir, "d/out.bin")), data);
    assertEquals(await listAll(dir), ["d", "d/out.bin"]);
  });
});

Deno.test("a read-back whose signal aborts stops before its next piece; the file can then be kept", async () => {
  await withTempDir(async (dir) => {
    const within = ConfinedDir.openSync(dir);
    const file = AtomicFile.createSync("out.bin", { within });
    file.write(pattern(3 * WRITE_BUFFER_BYTES));
    const stop = new AbortController();
    const pieces: number[] = [];
    const reading = file.readBack((chunk) => {
      pieces.push(chunk.byteLength);
      stop.abort(new Error("cancelled"));
    }, stop.signal);
    assertThrows(() => file.keep(), TypeError, "still being read back");
    await assertRejects(() => reading, Error, "cancelled");
    assertEquals(pieces, [WRITE_BUFFER_BYTES]);
    const kept = file.keep();
    assertEquals((await Deno.stat(join(dir, kept))).size, 3 * WRITE_BUFFER_BYTES);
    await Deno.remove(join(dir, kept));
  });
});

Deno.test("truncate(0) starts a continued file over; a locked named partial refuses a second writer", async () => {
  await withTempDir(async (dir) => {
    const within = ConfinedDir.openSync(dir);
    const file = AtomicFile.continueSync("x.bin", ".x.bin.corun-partial", {
      within,
      create: true,
      lock: true,
    });
    file.write(pattern(500, 1));
    assertThrows(
      () => AtomicFile.continueSync("x.bin", ".x.bin.corun-partial", { within, lock: true }),
      PartialBusyError,
    );
    file.truncate(0);
    file.write(pattern(10, 2));
    await file.commit();
    assertEquals(await Deno.readFile(join(dir, "x.bin")), pattern(10, 2));
    assertEquals(await listAll(dir), ["x.bin"]);
  });
});

Deno.test("a named partial whose name another process took meanwhile is not committed, and that process's file is left as it is", async () => {
  await withTempDir(async (dir) => {
    const within = ConfinedDir.openSync(dir);
    const file = AtomicFile.continueSync("x.bin", ".x.bin.corun-partial", {
      within,
      create: true,
      lock: true,
    });
    file.write(pattern(500, 1));
    // A process that ignored the lock: removed the partial and began its own under the same name.
    await Deno.remove(join(dir, ".x.bin.corun-partial"));
    await Deno.writeFile(join(dir, ".x.bin.corun-partial"), pattern(200, 2));
    const error = await assertRejects(() => file.commit(), TempReplacedError);
    assertEquals(error.code, "TEMP_REPLACED");
    assertEquals(await listAll(dir), [".x.bin.corun-partial"]); // nothing at x.bin
    assertEquals(await Deno.readFile(join(dir, ".x.bin.corun-partial")), pattern(200, 2));
  });
});

Deno.test({
  name:
    "a kept temporary is locked while continued, and one held by another process is not continued",
  // Windows locks are mandatory: a writer holds no shared lock there (see confined_dir.ts).
  ignore: Deno.build.os === "windows",
  fn: async () => {
    await withTempDir(async (dir) => {
      const within = ConfinedDir.openSync(dir);
      const first = AtomicFile.createSync("y.bin", { within });
      first.write(pattern(100));
      const kept = first.keep();
      const other = Deno.openSync(join(dir, kept), { read: true });
      try {
        // Another process removing it holds it exclusively: it is gone as far as this run can tell.
        other.lockSync(true);
        assertThrows(() => AtomicFile.continueSync("y.bin", kept, { within }), PartialBusyError);
        other.unlockSync();
        const second = AtomicFile.continueSync("y.bin", kept, { within });
        assertEquals(other.tryLockSync(true), false); // a sweep cannot take it while it is open
        await second.commit();
      } finally {
        other.close();
      }
      assertEquals(await Deno.readFile(join(dir, "y.bin")), pattern(100));
    });
  },
});

/** A full disk's error, as the runtime raises it. */
function noSpace(): Error {
  return Object.assign(new Error("No space left on device (os error 28)"), { code: "ENOSPC" });
}

/**
 * While `fn` runs, file writes have room for `room` more bytes: a write takes what fits (a short
 * write), the next fails as a full disk does. With `landed`, the failing write puts its bytes in
 * the file all the same (an EIO, or a network file system that says so only later): the file then
 * holds more than the system confirmed.
 */
async function withFillingDisk(
  room: number,
  fn: () => void | Promise<void>,
  landed = false,
): Promise<void> {
  const original = Deno.FsFile.prototype.writeSync;
  Deno.FsFile.prototype.writeSync = function (this: Deno.FsFile, bytes: Uint8Array) {
    if (room === 0) {
      if (landed) original.call(this, bytes);
      throw noSpace();
    }
    const written = original.call(this, bytes.subarray(0, Math.min(room, bytes.byteLength)));
    room -= written;
    return written;
  };
  try {
    await fn();
  } finally {
    Deno.FsFile.prototype.writeSync = original;
  }
}

/** A named partial that already holds `data`, continued to be written with `keepOnWriteError`. */
function continuedPartial(within: ConfinedDir, data: Uint8Array): AtomicFile {
  Deno.writeFileSync(join(within.path, ".x.bin.corun-partial"), data);
  return AtomicFile.continueSync("x.bin", ".x.bin.corun-partial", {
    within,
    lock: true,
    keepOnWriteError: true,
  });
}

Deno.test("with keepOnWriteError, a failed write keeps the bytes the system confirmed, cut back to them", async (t) => {
  const data = pattern(3 * WRITE_BUFFER_BYTES, 5);
  for (const landed of [false, true]) {
    await t.step(
      landed ? "the failed write's bytes landed too" : "a short write, then none",
      async () => {
        await withTempDir(async (dir) => {
          const within = ConfinedDir.openSync(dir);
          const file = continuedPartial(within, data.subarray(0, 1000));
          await withFillingDisk(WRITE_BUFFER_BYTES + 123, () => {
            // Direct writes, then small ones gathered in the buffer: both lose what did not fit.
            file.write(data.subarray(1000, 1000 + WRITE_BUFFER_BYTES));
            const error = assertThrows(() => {
              for (let at = 1000 + WRITE_BUFFER_BYTES; at < data.length; at += 4096) {
                file.write(data.subarray(at, at + 4096));
              }
            }, Error);
            assertEquals(error.message, "No space left on device (os error 28)");
          }, landed);
          const kept = 1000 + WRITE_BUFFER_BYTES + 123;
          assertEquals(file.kept, true);
          assertEquals(file.bytesWritten, kept);
          assertEquals(await listAll(dir), [".x.bin.corun-partial"]);
          assertEquals(
            await Deno.readFile(join(dir, ".x.bin.corun-partial")),
            data.subarray(0, kept),
          );
          await file.abort(); // does nothing once kept
          await assertRejects(() => file.commit(), TypeError, "already kept");
          assertEquals(await listAll(dir), [".x.bin.corun-partial"]);
          // Kept unlocked: the next run continues it.
          AtomicFile.continueSync("x.bin", ".x.bin.corun-partial", { within, lock: true }).keep();
        });
      },
    );
  }
});

Deno.test("with keepOnWriteError, a write failing in keep() or commit() keeps what was confirmed", async (t) => {
  const data = pattern(5000, 9);
  for (const step of ["keep", "commit"] as const) {
    await t.step(step, async () => {
      await withTempDir(async (dir) => {
        const within = ConfinedDir.openSync(dir);
        const file = continuedPartial(within, data.subarray(0, 1000));
        file.write(data.subarray(1000)); // gathered: written out by keep() or commit()
        await withFillingDisk(1500, async () => {
          if (step === "keep") assertThrows(() => file.keep(), Error, "No space left");
          else await assertRejects(() => file.commit(), Error, "No space left");
        });
        assertEquals([file.kept, file.bytesWritten], [true, 2500]);
        assertEquals(await listAll(dir), [".x.bin.corun-partial"]);
        assertEquals(
          await Deno.readFile(join(dir, ".x.bin.corun-partial")),
          data.subarray(0, 2500),
        );
      });
    });
  }
});

Deno.test("with keepOnWriteError, a partial that cannot be cut back to what was confirmed is removed", async () => {
  await withTempDir(async (dir) => {
    const within = ConfinedDir.openSync(dir);
    const file = continuedPartial(within, pattern(1000));
    const original = Deno.FsFile.prototype.truncateSync;
    Deno.FsFile.prototype.truncateSync = () => {
      throw Object.assign(new Error("Input/output error (os error 5)"), { code: "EIO" });
    };
    try {
      await withFillingDisk(0, () => {
        assertThrows(() => file.write(pattern(DIRECT_WRITE_BYTES)), Error, "No space");
      }, true);
    } finally {
      Deno.FsFile.prototype.truncateSync = original;
    }
    assertEquals(file.kept, false);
    assertEquals(await listAll(dir), []);
  });
});

Deno.test("without keepOnWriteError, a continued temporary whose write fails is removed", async () => {
  await withTempDir(async (dir) => {
    const within = ConfinedDir.openSync(dir);
    const first = AtomicFile.createSync("y.bin", { within });
    first.write(pattern(1000));
    const kept = first.keep();
    const second = AtomicFile.continueSync("y.bin", kept, { within });
    await withFillingDisk(10, () => {
      assertThrows(() => second.write(pattern(DIRECT_WRITE_BYTES)), Error, "No space");
    });
    assertEquals(second.kept, false);
    assertEquals(await listAll(dir), []);
  });
});
