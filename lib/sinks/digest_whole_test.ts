// A file of its own: these tests need a process that has not loaded the hashing module yet.
import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { digestWhole, isDigestLoaded, WEB_DIGESTS_BEFORE_LOADING } from "./digest.ts";

const ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const ABC_SHA512 = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a" +
  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

Deno.test("digestWhole() hashes a short run's bodies without the hashing module, then loads it", async () => {
  const abc = new TextEncoder().encode("abc");
  assert(!isDigestLoaded());
  const first = digestWhole(abc, "sha512");
  assert(first instanceof Promise, "the first body is hashed by WebCrypto");
  abc.fill(0); // read when called: a buffer used again at once does not change the digest
  assertEquals(await first, ABC_SHA512);
  abc.set(new TextEncoder().encode("abc"));
  for (let i = 1; i < WEB_DIGESTS_BEFORE_LOADING; i++) {
    assertEquals(await digestWhole(abc, "sha256"), ABC_SHA256);
  }
  assert(!isDigestLoaded(), `${WEB_DIGESTS_BEFORE_LOADING} bodies load nothing`);
  // A long run: the next body waits for the module, and the ones after are hashed at once.
  const waiting = digestWhole(abc, "sha256");
  assert(waiting instanceof Promise, "the body after them waits for the module");
  abc.fill(0); // read when called there too, not once the module is in
  assertEquals(await waiting, ABC_SHA256);
  abc.set(new TextEncoder().encode("abc"));
  assert(isDigestLoaded());
  assertEquals(digestWhole(abc, "sha256"), ABC_SHA256);
  assertEquals(digestWhole(abc, "sha512"), ABC_SHA512);
  assertEquals(
    digestWhole(new Uint8Array(0), "sha256"),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
});
