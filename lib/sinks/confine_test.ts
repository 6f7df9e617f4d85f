import { assertEquals, assertInstanceOf, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { isAbsolute, join, relative, resolve } from "npm:deno-std@1.4.0/path/mod.js";
import { ConfinementError, relativeInside } from "./confine.ts";

Deno.test("relativeInside() returns the normalised path of a file below the output directory", () => {
  assertEquals(relativeInside("/srv/out", "a/b.html"), join("a", "b.html"));
  assertEquals(relativeInside("/srv/out", "./a/../c.html"), "c.html");
  assertEquals(relativeInside("/srv/out", "..foo"), "..foo");
  assertEquals(relativeInside("out", "x.txt"), "x.txt");
});

Deno.test("relativeInside() refuses paths that leave the output directory", async (t) => {
  for (const path of ["../x", "a/../../x", "..", "/etc/passwd", "a/../../out2/x"]) {
    await t.step(path, () => {
      const error = assertThrows(() => relativeInside("out", path), ConfinementError);
      assertEquals(error.code, "PATH_ESCAPES_OUTDIR");
      assertEquals(error.path, path);
      assertEquals(
        error.message,
        `Cannot save ${JSON.stringify(path)}: the path leaves the output directory "out"`,
      );
    });
  }
});

Deno.test("relativeInside() refuses NUL bytes, empty paths and the directory itself", () => {
  for (const path of ["a\0b", "", ".", "a/.."]) {
    const error = assertThrows(() => relativeInside("out", path), ConfinementError);
    assertEquals(error.code, "PATH_INVALID", path);
  }
});

Deno.test("relativeInside gives what resolving gives, for paths plain or not", () => {
  // The fast path for plain paths must agree with resolving every path: generated paths over the
  // characters that matter (`.`, `/`, NUL) plus a letter.
  const outDir = "/srv/out";
  const alphabet = ["a", ".", "/", "\0"];
  const expected = (path: string): string => {
    if (path === "" || path.includes("\0")) return "refused";
    const target = resolve(outDir, path);
    const rel = relative(outDir, target);
    if (isAbsolute(path) || rel === "" || rel === ".." || rel.startsWith("../")) return "refused";
    return rel;
  };
  const actual = (path: string): string => {
    try {
      return relativeInside(outDir, path);
    } catch (error) {
      assertInstanceOf(error, ConfinementError);
      return "refused";
    }
  };
  let paths = [""];
  for (let length = 1; length <= 6; length++) {
    paths = paths.flatMap((prefix) => alphabet.map((c) => prefix + c));
    for (const path of paths) assertEquals(actual(path), expected(path), JSON.stringify(path));
  }
});
