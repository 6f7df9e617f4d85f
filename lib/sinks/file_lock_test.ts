import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { nfsLocks, noLocks } from "../../tests/fixtures/file_system_quirks.ts";
import {
  isLockUnsupported,
  lockOrUnsupported,
  lockOrUnsupportedSync,
  tryLockSync,
} from "./file_lock.ts";

async function withFile(body: (path: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "corun_lock_" });
  try {
    const path = `${dir}/file`;
    await Deno.writeTextFile(path, "");
    await body(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

Deno.test("isLockUnsupported() tells a file system without locks from a lock that failed", async (t) => {
  await t.step("ENOTSUP (Deno names it) and Deno's NotSupported mean no locks", () => {
    assertEquals(
      isLockUnsupported(withCode("Operation not supported (os error 95)", "ENOTSUP")),
      true,
    );
    assertEquals(isLockUnsupported(new Deno.errors.NotSupported("no locks")), true);
  });
  await t.step({
    name: "ENOLCK and ENOSYS, which Deno reports only by number, mean no locks",
    ignore: Deno.build.os !== "linux",
    fn: () => {
      assertEquals(isLockUnsupported(new Error("No locks available (os error 37)")), true);
      assertEquals(isLockUnsupported(new Error("Function not implemented (os error 38)")), true);
    },
  });
  await t.step("a file open for the wrong access (EBADF), EIO or an interrupt is a failure", () => {
    assertEquals(isLockUnsupported(withCode("Bad file descriptor (os error 9)", "EBADF")), false);
    assertEquals(isLockUnsupported(withCode("Input/output error (os error 5)", "EIO")), false);
    assertEquals(isLockUnsupported(new Deno.errors.Interrupted("(os error 4)")), false);
    assertEquals(isLockUnsupported("not an error"), false);
  });
});

Deno.test("tryLockSync() says locked, busy while another open file holds the lock, or unsupported", async () => {
  await withFile((path) => {
    using first = Deno.openSync(path, { read: true, write: true });
    using second = Deno.openSync(path, { read: true, write: true });
    assertEquals(tryLockSync(first, true), "locked");
    assertEquals(tryLockSync(second, true), "busy");
    first.unlockSync();
    using _noLocks = noLocks();
    assertEquals(tryLockSync(second, true), "unsupported");
  });
});

Deno.test("without flock a lock goes on unlocked; on NFS a file open for the wrong access throws", async () => {
  await withFile(async (path) => {
    {
      using _noLocks = noLocks();
      using file = Deno.openSync(path, { read: true, write: true });
      assertEquals(lockOrUnsupportedSync(file, true), "unsupported");
      assertEquals(await lockOrUnsupported(file, false), "unsupported");
    }
    using _nfs = nfsLocks();
    using readOnly = Deno.openSync(path, { read: true });
    assertThrows(() => lockOrUnsupportedSync(readOnly, true), Error, "Bad file descriptor");
    await assertRejects(() => lockOrUnsupported(readOnly, true), Error, "Bad file descriptor");
    using writable = Deno.openSync(path, { read: true, write: true });
    assertEquals(lockOrUnsupportedSync(writable, true), "locked");
  });
});
