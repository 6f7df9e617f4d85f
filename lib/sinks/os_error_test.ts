import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { errnoOf, isOsError, problemOf } from "./os_error.ts";

/** An error as Deno throws it: the system's words, `(os error N)`, the call; `code` when it sets one. */
function osError(message: string, code?: string): Error {
  const error = new Error(message);
  return code === undefined ? error : Object.assign(error, { code });
}

Deno.test("errnoOf() on Windows reads the error's number before the Unix name Deno guesses for it", async (t) => {
  await t.step(
    "ERROR_INVALID_FUNCTION (Deno's code EISDIR) and ERROR_NOT_SUPPORTED: no such call",
    () => {
      const invalidFunction = osError(
        "Incorrect function. (os error 1): link 'a' -> 'b'",
        "EISDIR",
      );
      const notSupported = osError("The request is not supported. (os error 50)", "ENOTSUP");
      assertEquals(errnoOf(invalidFunction, "windows"), "ENOSYS");
      assertEquals(errnoOf(notSupported, "windows"), "EOPNOTSUPP");
    },
  );
  await t.step("a number corun does not tell apart keeps Deno's code", () => {
    assertEquals(errnoOf(osError("Access is denied. (os error 5)", "EACCES"), "windows"), "EACCES");
  });
  await t.step("on Unix Deno's code is the errno itself: it comes first", () => {
    assertEquals(
      errnoOf(osError("Operation not permitted (os error 1)", "EPERM"), "linux"),
      "EPERM",
    );
  });
});

Deno.test("errnoOf() names errnos Deno gives no code, by each system's number", () => {
  const cases: [typeof Deno.build.os, string, string][] = [
    ["linux", "File too large (os error 27)", "EFBIG"],
    ["linux", "Disk quota exceeded (os error 122)", "EDQUOT"],
    ["linux", "No locks available (os error 37)", "ENOLCK"],
    ["darwin", "Disc quota exceeded (os error 69)", "EDQUOT"],
    ["darwin", "File too large (os error 27)", "EFBIG"],
    ["freebsd", "Disc quota exceeded (os error 69)", "EDQUOT"],
    ["illumos", "No record locks available (os error 46)", "ENOLCK"],
    ["solaris", "Operation not supported on transport endpoint (os error 122)", "EOPNOTSUPP"],
    ["illumos", "Disc quota exceeded (os error 49)", "EDQUOT"],
  ];
  for (const [os, message, name] of cases) {
    assertEquals(errnoOf(osError(`${message}: writefile '.a.bin.eb26.part'`), os), name, os);
  }
  assertEquals(errnoOf(osError("Some other trouble (os error 999)"), "linux"), undefined);
});

Deno.test("isOsError() takes an errno code, or no code and an (os error N); never a code of corun's own", () => {
  assertEquals(isOsError(osError("No space left on device (os error 28)", "ENOSPC")), true);
  assertEquals(isOsError(osError("File too large (os error 27): writefile 'a.part'")), true);
  assertEquals(
    isOsError(osError("Connection reset by peer (os error 104)", "CONNECTION_CLOSED")),
    false,
  );
  assertEquals(isOsError(osError("Cannot save: the path leaves the output directory")), false);
  assertEquals(isOsError("File too large (os error 27)"), false);
});

Deno.test("problemOf() keeps the system's words, whatever quotes the paths Deno appends hold", () => {
  const error = osError("File too large (os error 27): writefile 'it's/.a.bin.eb26.part'");
  assertEquals(problemOf(error), "File too large (os error 27)");
});
