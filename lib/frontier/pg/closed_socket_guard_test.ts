import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { isClosedSocketWrite } from "./closed_socket_guard.ts";

function typeError(message: string, stack: string): TypeError {
  const error = new TypeError(message);
  error.stack = `TypeError: ${message}\n${stack}`;
  return error;
}

Deno.test("the guard knows the client's write to a dropped socket, and nothing else", () => {
  const message = "Cannot read properties of null (reading 'write')";
  const client =
    "    at Immediate.nextWrite (file:///cache/npm/postgres/3.4.9/src/connection.js:255:22)";
  assertEquals(isClosedSocketWrite(typeError(message, client)), true);
  const bundled = "    at Immediate.a (file:///srv/corun/dist/cli/chunk-XYZ.js:1:4242)";
  assertEquals(isClosedSocketWrite(typeError(message, bundled)), true);
  // corun's own bugs still end the process.
  const ours = "    at saveBody (file:///srv/corun/lib/tasks/save_body.ts:10:3)";
  assertEquals(isClosedSocketWrite(typeError(message, ours)), false);
  assertEquals(
    isClosedSocketWrite(typeError("Cannot read properties of null (reading 'end')", client)),
    false,
  );
  assertEquals(isClosedSocketWrite(new Error(message)), false);
  assertEquals(isClosedSocketWrite(undefined), false);
});
