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

Deno.test("parseChecksumsFile says a UTF-16 file is one, at its first line", () => {
  // Windows PowerShell 5's `>` writes UTF-16: read as UTF-8, a BOM as two U+FFFD, then NUL bytes.
  const utf16 = "\uFFFD\uFFFD" + `${SHA256_OF_ABC}  a.txt\n`.split("").join("\0");
  assertThrows(
    () => parseChecksumsFile(utf16, "SHA256SUMS"),
    TypeError,
    "SHA256SUMS:1: the line holds NUL bytes (is the file UTF-16? save it as UTF-8)",
  );
});

Deno.test("checksumFor matches the saved path, then its file name", () => {
  const sums = parseChecksumsFile(`${"0".repeat(64)}  x/a.txt\n${"1".repeat(64)}  b.txt\n`, "S");
  assertEquals(checksumFor(sums, "x/a.txt")?.hex, "0".repeat(64));
  assertEquals(checksumFor(sums, "y/b.txt")?.hex, "1".repeat(64));
  assertEquals(checksumFor(sums, "y/a.txt"), undefined);
});

Deno.test("checksumFor reads a file's names from its own folder first, as sha256sum -c there", () => {
  const sums = parseChecksumsFile(
    `${"0".repeat(64)}  x/a.txt\n${"1".repeat(64)}  v1/x/a.txt\n`,
    "v1/SHA256SUMS",
  );
  assertEquals(checksumFor(sums, "v1/x/a.txt", "v1")?.hex, "0".repeat(64));
  // Outside its folder, or with the file outside the output directory, the path names the entry.
  assertEquals(checksumFor(sums, "v1/x/a.txt", "v2")?.hex, "1".repeat(64));
  assertEquals(checksumFor(sums, "v1/x/a.txt", "../sums")?.hex, "1".repeat(64));
  assertEquals(checksumFor(sums, "v1x/a.txt", "v1"), undefined);
  // A folder whose name starts with two dots is inside all the same.
  const dotted = parseChecksumsFile(
    `${"0".repeat(64)}  x/a.txt\n${"1".repeat(64)}  a.txt\n`,
    "..data/SHA256SUMS",
  );
  assertEquals(checksumFor(dotted, "..data/x/a.txt", "..data")?.hex, "0".repeat(64));
});

Deno.test("parseChecksumsFile reads the tagged lines of sha256sum --tag, BSD and OpenSSL", () => {
  const text = [
    `SHA256 (a.txt) = ${SHA256_OF_ABC.toUpperCase()}`,
    `SHA512 (dir/b (1).iso) = ${"1".repeat(128)}`,
    `SHA2-256(c.txt)= ${"2".repeat(64)}`,
    `sha256 (./d.txt) = ${"3".repeat(64)}`,
  ].join("\n");
  const sums = parseChecksumsFile(text, "CHECKSUM");
  assertEquals(sums.get("a.txt"), { algorithm: "sha256", hex: SHA256_OF_ABC });
  assertEquals(sums.get("dir/b (1).iso"), { algorithm: "sha512", hex: "1".repeat(128) });
  assertEquals(sums.get("c.txt")?.hex, "2".repeat(64));
  assertEquals(sums.get("d.txt")?.hex, "3".repeat(64));
  assertEquals(sums.size, 4);
});

Deno.test("parseChecksumsFile reads the names sha256sum escapes (a backslash, a line break)", () => {
  const text = [
    `\\${SHA256_OF_ABC}  we\\\\ird.txt`,
    `\\${"1".repeat(64)}  new\\nline.txt`,
    `\\SHA256 (back\\\\slash.txt) = ${"2".repeat(64)}`,
  ].join("\n");
  const sums = parseChecksumsFile(text, "SHA256SUMS");
  assertEquals(sums.get("we\\ird.txt")?.hex, SHA256_OF_ABC);
  assertEquals(sums.get("new\nline.txt")?.hex, "1".repeat(64));
  assertEquals(sums.get("back\\slash.txt")?.hex, "2".repeat(64));
});

Deno.test("parseChecksumsFile reads a file signed in the clear without its armour", () => {
  const text = [
    "-----BEGIN PGP SIGNED MESSAGE-----",
    "Hash: SHA256",
    "",
    "# Fedora-Server-dvd-x86_64-41-1.4.iso: 2612854784 bytes",
    `SHA256 (Fedora-Server-dvd-x86_64-41-1.4.iso) = ${SHA256_OF_ABC}`,
    `- ${"1".repeat(64)}  dash-escaped.txt`,
    "-----BEGIN PGP SIGNATURE-----",
    "",
    "iQIzBAEBCAAdFiEE...",
    "=abcd",
    "-----END PGP SIGNATURE-----",
    "",
  ].join("\r\n");
  const sums = parseChecksumsFile(text, "CHECKSUM");
  assertEquals([...sums.keys()], ["Fedora-Server-dvd-x86_64-41-1.4.iso", "dash-escaped.txt"]);
});

Deno.test("parseChecksumsFile names a digest of an algorithm corun does not check, with its line", () => {
  assertThrows(
    () => parseChecksumsFile(`${"0".repeat(32)}  a.iso\n`, "MD5SUMS"),
    TypeError,
    "MD5SUMS:1: a digest of 32 hex digits (MD5): corun checks sha256 (64 hex digits) and sha512",
  );
  assertThrows(
    () => parseChecksumsFile(`${SHA256_OF_ABC}  a\nMD5 (b) = ${"0".repeat(32)}\n`, "CHECKSUM"),
    TypeError,
    "CHECKSUM:2: a digest of MD5: corun checks sha256 (64 hex digits) and sha512 (128) digests",
  );
  assertThrows(
    () => parseChecksumsFile(`SHA256 (a) = ${"0".repeat(128)}\n`, "CHECKSUM"),
    TypeError,
    "CHECKSUM:1: a sha256 digest is 64 hex digits, got 128",
  );
});
