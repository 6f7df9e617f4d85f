// Cancelling a fetch in each phase: the task's finally runs, the connection is closed, and the
// origin's connection permit comes back (each client here allows one connection per origin, so a
// leaked permit would make the follow-up request wait forever; failAfter turns that into a failure).
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { fillBacklog } from "../../tests/fixtures/full_backlog.ts";
import { fetchBody, withClient } from "../../tests/fixtures/http_harness.ts";
import { encodeResponse } from "../../tests/fixtures/route_server.ts";
import {
  stall,
  startScriptedServer,
  testCaCert,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { type Effect, failAfter, moveOnAfter, type Operation } from "../loop/mod.ts";
import type { HttpClient } from "./client.ts";

const FOLLOW_UP_LIMIT_MS = 5000;

/** Runs `operation`, noting in `log` that its finally ran. */
function* logged<T>(log: string[], operation: Operation<T>): Generator<Effect, T> {
  try {
    return yield* operation;
  } finally {
    log.push("finally");
  }
}

Deno.test("cancelling a fetch while it connects runs its finally", async () => {
  using backlog = await fillBacklog();
  const log: string[] = [];
  const result = await withClient((client) =>
    moveOnAfter(50, logged(log, fetchBody(client, `http://127.0.0.1:${backlog.port}/`)))
  );
  assertEquals([result, log], [undefined, ["finally"]]);
});

Deno.test("cancelling a fetch during the TLS handshake gives the connection permit back", async () => {
  // A plain TCP server never answers a ClientHello: every handshake with it stalls.
  await using server = startScriptedServer({ onConnection: () => [stall()] });
  const url = `https://127.0.0.1:${server.port}/`;
  const options = { caCerts: [testCaCert()], timeouts: { tlsMs: 100 } };
  const log: string[] = [];
  const result = await withClient(function* (client: HttpClient) {
    const cancelled = yield* moveOnAfter(50, logged(log, fetchBody(client, url, options)));
    try {
      yield* failAfter(FOLLOW_UP_LIMIT_MS, fetchBody(client, url, options));
      return [cancelled, "no error"];
    } catch (error) {
      // TIMEOUT_TLS: the follow-up got the permit and connected; TIMEOUT (failAfter's): it did not.
      return [cancelled, (error as { code?: string }).code];
    }
  }, { client: { perHost: 1 } });
  assertEquals([result, log], [[undefined, "TIMEOUT_TLS"], ["finally"]]);
  assertEquals(server.connectionCount, 2);
});

Deno.test("cancelling a fetch while it waits for the head closes the connection", async () => {
  await using server = startScriptedServer({
    routes: { "/slow": [stall()], "/fast": [write(encodeResponse({ body: "fast" }))] },
  });
  const log: string[] = [];
  const result = await withClient(function* (client: HttpClient) {
    const cancelled = yield* moveOnAfter(50, logged(log, fetchBody(client, server.url("/slow"))));
    const next = yield* failAfter(FOLLOW_UP_LIMIT_MS, fetchBody(client, server.url("/fast")));
    return [cancelled, next.text];
  }, { client: { perHost: 1 } });
  assertEquals([result, log], [[undefined, "fast"], ["finally"]]);
  await server.clientClosed(0);
});

Deno.test("cancelling a fetch while it reads the body closes the connection", async () => {
  await using server = startScriptedServer({
    routes: {
      "/slow": [write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"), stall()],
      "/fast": [write(encodeResponse({ body: "fast" }))],
    },
  });
  const log: string[] = [];
  const result = await withClient(function* (client: HttpClient) {
    const response = yield* client.request({ url: server.url("/slow") });
    const cancelled = yield* moveOnAfter(50, logged(log, response.body.bytes()));
    const next = yield* failAfter(FOLLOW_UP_LIMIT_MS, fetchBody(client, server.url("/fast")));
    return [response.status, cancelled, response.body.ended, next.text];
  }, { client: { perHost: 1 } });
  assertEquals([result, log], [[200, undefined, true, "fast"], ["finally"]]);
  await server.clientClosed(0);
});
