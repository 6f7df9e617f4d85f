import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { isTransientError } from "./transient_error.ts";

const withCode = (code: string) => Object.assign(new Error(code), { code });

Deno.test("lost connections and races another try may win are transient; rejected statements are not", () => {
  const transient = [
    "CONNECTION_CLOSED",
    "CONNECT_TIMEOUT",
    "ECONNREFUSED",
    "EPIPE",
    "EHOSTUNREACH", // the route to the server went away (a VPN, a failover's address moving)
    "ENETUNREACH",
    "EAI_AGAIN", // the name server did not answer
    "08006", // connection failure
    "57P01", // terminated by an administrator
    "57014", // cancelled: a statement_timeout
    "40001", // serialization failure
    "40P01", // deadlock
    "55P03", // lock not available
    "53300", // too many connections
  ];
  for (const code of transient) assertEquals(isTransientError(withCode(code)), true, code);
  const rejected = [
    "42703", // undefined column: tables of another corun
    "42P01", // undefined table
    "23505", // unique violation: a bug
    "22P02", // invalid text representation
  ];
  for (const code of rejected) assertEquals(isTransientError(withCode(code)), false, code);
  assertEquals(isTransientError(new Error("no code")), false);
  assertEquals(isTransientError(undefined), false);
});
