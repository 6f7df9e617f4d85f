import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { checksumFor, parseChecksum, parseChecksumsFile } from "./checksum.ts";

const SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

Deno.test("parseChecksum reads sha256 and sha512 digests in either case", () => {
  assertEquals(parseChecksum(`sha256:${SHA256_OF_ABC.toUpperCase()}`), {
    algorithm: "sha256",
    hex: SHA256_OF_ABC,
  });
  assertEquals(parseChecksum(`SHA512:${"f".repeat(128)}`).algorithm, "sha512");
});

Deno.test("parseChecksum says what is wrong with a digest", () => {
  assertThrows(() => parseChecksum(SHA256_OF_ABC), TypeError, "write sha256:HEX or sha512:HEX");
  assertThrows(() => parseChecksum(`md5:${"0".repeat(32)}`), TypeError, "sha256:HEX");
  assertThrows(() => parseChecksum("sha256:abc"), TypeError, "64 hex digits");
  assertThrows(() => parseChecksum(`sha512:${SHA256_OF_ABC}`), TypeError, "128 hex digits");
  assertThrows(() => parseChecksum(`sha256:${"g".repeat(64)}`), TypeError, "64 hex digits");
});

Deno.test("parseChecksumsFile reads sha256sum's text and binary lines, comments and ./ names", () => {
  const text = [
    "# release 1.2",
    `${SHA256_OF_ABC}  a.txt`,
    `${"1".repeat(128)} *bin/b.tar.gz`,
    "",
    `${"2".repeat(64)}  ./c d.txt\r`,
  ].join("\n");
  const sums = parseChecksumsFile(text, "SHA256SUMS");
  assertEquals(sums.get("a.txt"), { algorithm: "sha256", hex: SHA256_OF_ABC });
  assertEquals(sums.get("bin/b.tar.gz")?.algorithm, "sha512");
  assertEquals(sums.get("c d.txt")?.hex, "2".repeat(64));
  assertEquals(sums.size, 3);
});

Deno.test("parseChecksumsFile names the file and line of a bad line or a conflicting name", () => {
  assertThrows(
    () => parseChecksumsFile(`${SHA256_OF_ABC}  a\nnot a line\n`, "sums/SHA256SUMS"),
    TypeError,
    "sums/SHA256SUMS:2: not a checksum line",
  );
  assertThrows(
    () => parseChecksumsFile(`${"0".repeat(64)}  a\n${"1".repeat(64)}  a\n`, "S"),
    TypeError,
    'S:2: "a" is listed twice',
  );
});

Deno.test("parseChecksumsFile skips a UTF-8 BOM at the start of the file, and only there", () => {
  const sums = parseChecksumsFile(`\uFEFF${SHA256_OF_ABC}  a.txt\r\n`, "SHA256SUMS");
  assertEquals([...sums], [["a.txt", { algorithm: "sha256", hex: SHA256_OF_ABC }]]);
  assertThrows(
    () => parseChecksumsFile(`${SHA256_OF_ABC}  a.txt\n\uFEFF${SHA256_OF_ABC}  b.txt\n`, "S"),
    TypeError,
    "S:2: not a checksum line",
  );
});

Deno.test("checksumFor matches the saved path, then its file name", () => {
  const sums = parseChecksumsFile(`${"0".repeat(64)}  x/a.txt\n${"1".repeat(64)}  b.txt\n`, "S");
  assertEquals(checksumFor(sums, "x/a.txt")?.hex, "0".repeat(64));
  assertEquals(checksumFor(sums, "y/b.txt")?.hex, "1".repeat(64));
  assertEquals(checksumFor(sums, "y/a.txt"), undefined);
});
