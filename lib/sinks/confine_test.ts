import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { join } from "npm:deno-std@1.4.0/path/mod.js";
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
