import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { join, resolve } from "npm:deno-std@1.4.0/path/mod.js";
import { checkDirInside, ConfinementError, resolveInside } from "./confine.ts";

async function withTempDir(fn: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.realPath(await Deno.makeTempDir({ prefix: "corun_confine_" }));
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("resolveInside() returns the absolute path of a file below the output directory", async () => {
  await withTempDir((dir) => {
    const outDir = join(dir, "out");
    assertEquals(resolveInside(outDir, "a/b.html"), join(outDir, "a", "b.html"));
    assertEquals(resolveInside(outDir, "./a/../c.html"), join(outDir, "c.html"));
    assertEquals(resolveInside(outDir, "..foo"), join(outDir, "..foo"));
  });
});

Deno.test("resolveInside() accepts a relative output directory", () => {
  assertEquals(resolveInside("out", "x.txt"), resolve("out", "x.txt"));
});

Deno.test("resolveInside() refuses paths that leave the output directory", async (t) => {
  for (const path of ["../x", "a/../../x", "..", "/etc/passwd", "a/../../out2/x"]) {
    await t.step(path, () => {
      const error = assertThrows(() => resolveInside("out", path), ConfinementError);
      assertEquals(error.code, "PATH_ESCAPES_OUTDIR");
      assertEquals(error.path, path);
      assertEquals(
        error.message,
        `Cannot save ${JSON.stringify(path)}: the path leaves the output directory "out"`,
      );
    });
  }
});

Deno.test("resolveInside() refuses NUL bytes, empty paths and the directory itself", () => {
  for (const path of ["a\0b", "", ".", "a/.."]) {
    const error = assertThrows(() => resolveInside("out", path), ConfinementError);
    assertEquals(error.code, "PATH_INVALID", path);
  }
});

Deno.test("resolveInside() refuses a symbolic link inside the output directory that points outside", async () => {
  await withTempDir(async (dir) => {
    const outDir = join(dir, "out");
    const outside = join(dir, "outside");
    await Deno.mkdir(outDir);
    await Deno.mkdir(outside);
    await Deno.symlink(outside, join(outDir, "link"));
    const error = assertThrows(() => resolveInside(outDir, "link/x.html"), ConfinementError);
    assertEquals(error.code, "PATH_ESCAPES_OUTDIR");
    assert(error.message.includes("through a symbolic link"), error.message);
    // Also when the file's own directories below the link do not exist yet.
    assertThrows(() => resolveInside(outDir, "link/new/deeper/x.html"), ConfinementError);
  });
});

Deno.test("resolveInside() allows symbolic links that stay inside, and a linked output directory", async () => {
  await withTempDir(async (dir) => {
    const real = join(dir, "real");
    await Deno.mkdir(join(real, "sub"), { recursive: true });
    await Deno.symlink(join(real, "sub"), join(real, "alias"));
    await Deno.symlink(real, join(dir, "out"));
    const outDir = join(dir, "out");
    assertEquals(resolveInside(outDir, "alias/x.html"), join(outDir, "alias", "x.html"));
    assertEquals(resolveInside(outDir, "missing/x.html"), join(outDir, "missing", "x.html"));
  });
});

Deno.test("resolveInside() refuses a file that is a symbolic link leading outside or nowhere", async (t) => {
  await withTempDir(async (dir) => {
    const outDir = join(dir, "out");
    await Deno.mkdir(outDir);
    await Deno.writeTextFile(join(dir, "victim.txt"), "precious\n");
    await Deno.symlink("../victim.txt", join(outDir, "log.txt"));
    await Deno.symlink("../missing.txt", join(outDir, "dangling.txt"));
    for (const path of ["log.txt", "dangling.txt"]) {
      await t.step(path, () => {
        const error = assertThrows(() => resolveInside(outDir, path), ConfinementError);
        assertEquals(error.code, "PATH_ESCAPES_OUTDIR");
        assertEquals(
          error.message,
          `Cannot save "${path}": the path leaves the output directory ${
            JSON.stringify(outDir)
          } through a symbolic link`,
        );
      });
    }
  });
});

Deno.test("resolveInside() accepts a file that is a symbolic link to a file inside", async () => {
  await withTempDir(async (dir) => {
    const outDir = join(dir, "out");
    await Deno.mkdir(join(outDir, "sub"), { recursive: true });
    await Deno.writeTextFile(join(outDir, "sub", "real.txt"), "");
    await Deno.symlink("sub/real.txt", join(outDir, "alias.txt"));
    assertEquals(resolveInside(outDir, "alias.txt"), join(outDir, "alias.txt"));
  });
});

Deno.test("checkDirInside() accepts the output directory and what is below it, not what links out", async () => {
  const root = await Deno.makeTempDir();
  try {
    Deno.mkdirSync(`${root}/out/a`, { recursive: true });
    Deno.mkdirSync(`${root}/elsewhere`);
    Deno.symlinkSync(`${root}/elsewhere`, `${root}/out/link`);
    checkDirInside(`${root}/out`, `${root}/out`);
    checkDirInside(`${root}/out`, `${root}/out/a`);
    checkDirInside(`${root}/out`, `${root}/out/a/not/made/yet`);
    assertThrows(() => checkDirInside(`${root}/out`, `${root}/elsewhere`), ConfinementError);
    assertThrows(() => checkDirInside(`${root}/out`, `${root}/out/link/deeper`), ConfinementError);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
