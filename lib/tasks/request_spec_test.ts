import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { validateConfig } from "../config/mod.ts";
import { toHttpRequest } from "./request_spec.ts";
import type { FetchTaskSpec } from "./spec.ts";

Deno.test("a task's auth replaces an Authorization header of any case, so one credential is sent", () => {
  const config = validateConfig({
    defaults: { headers: { authorization: "Bearer DEFAULT", "X-Kept": "1" } },
    tasks: [
      { name: "bearer", fetch: { url: "https://a.example/", auth: { bearer: "TASK" } } },
      {
        name: "basic",
        fetch: {
          url: "https://a.example/",
          headers: { AUTHORIZATION: "Bearer OWN" },
          auth: { username: "u", password: "p" },
        },
      },
      { name: "none", fetch: "https://a.example/" },
    ],
  }, "inline");
  const headersOf = (index: number) =>
    toHttpRequest((config.tasks[index] as FetchTaskSpec).request, "/").headers;
  assertEquals(headersOf(0), { "X-Kept": "1", Authorization: "Bearer TASK" });
  assertEquals(headersOf(1), { "X-Kept": "1", Authorization: "Basic dTpw" });
  assertEquals(headersOf(2), { authorization: "Bearer DEFAULT", "X-Kept": "1" });
});

Deno.test("basic auth of 64 KiB user name and password (the most secret files hold) is encoded whole", () => {
  // Past ~128 KiB, spreading the bytes into one call overflowed the stack (RangeError).
  const username = "u".repeat(64 * 1024 - 1) + "é";
  const password = "p€".repeat(16 * 1024);
  const { headers } = toHttpRequest({
    url: "https://a.example/",
    method: "GET",
    headers: {},
    auth: { kind: "basic", username, password },
  }, "/");
  const encoded = headers!.Authorization.replace(/^Basic /, "");
  const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
  assertEquals(new TextDecoder().decode(bytes), `${username}:${password}`);
});
