import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { isUnknownHost } from "./host_lookup.ts";

// The texts Deno 2.9's Deno.connect gives on glibc: the first for a name the DNS says has no
// address (NXDOMAIN), the second when the resolver could not be reached (measured with a
// resolv.conf naming 127.0.0.1, where nothing listens).
const NXDOMAIN = "failed to lookup address information: Name or service not known";
const RESOLVER_DOWN = "failed to lookup address information: Temporary failure in name resolution";

Deno.test("isUnknownHost() is true only for a name with no address, not for a resolver that did not answer", () => {
  assertEquals(isUnknownHost(new Error(NXDOMAIN)), true);
  assertEquals(isUnknownHost(new Error(RESOLVER_DOWN)), false);
  assertEquals(isUnknownHost(new Deno.errors.ConnectionRefused("Connection refused")), false);
  assertEquals(isUnknownHost("Name or service not known"), false);
});

Deno.test("isUnknownHost() is true for a name Deno.connect refuses as no host name, asked of no resolver", () => {
  const invalid = new URIError("invalid host '$host': invalid char found in FQDN");
  assertEquals(isUnknownHost(invalid), true);
  assertEquals(isUnknownHost(new URIError("URI malformed")), false);
});
