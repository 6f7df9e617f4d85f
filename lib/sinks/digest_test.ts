import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { createDigest, loadSha256 } from "./digest.ts";

await loadSha256();

const encode = (text: string) => new TextEncoder().encode(text);

Deno.test("createDigest('sha256') matches the known digest of an empty input and of 'abc'", () => {
  assertEquals(
    createDigest("sha256").hex(),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  const sha = createDigest("sha256");
  sha.update(encode("abc"));
  assertEquals(sha.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
});

Deno.test("createDigest('sha256') gives the same digest for a body fed in chunks as whole", async () => {
  const body = new Uint8Array(100_003).map((_, i) => (i * 31) % 251);
  const whole = createDigest("sha256");
  whole.update(body);
  const chunked = createDigest("sha256");
  for (let i = 0; i < body.length; i += 16_384) chunked.update(body.subarray(i, i + 16_384));
  const expected = Array.from(
    new Uint8Array(await crypto.subtle.digest("SHA-256", body)),
    (byte) => byte.toString(16).padStart(2, "0"),
  ).join("");
  assertEquals(whole.hex(), expected);
  assertEquals(chunked.hex(), expected);
});

Deno.test("createDigest('sha256') returns the same digest twice and refuses updates after it", () => {
  const sha = createDigest("sha256");
  sha.update(encode("a"));
  assertEquals(sha.hex(), sha.hex());
  assertThrows(() => sha.update(encode("b")), TypeError, "already finished");
});

Deno.test("createDigest('sha512') matches the known digest of 'abc', fed in two pieces", () => {
  const sha = createDigest("sha512");
  sha.update(encode("a"));
  sha.update(encode("bc"));
  assertEquals(
    sha.hex(),
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a" +
      "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
  );
});
