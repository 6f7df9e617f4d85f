import { assertEquals, assertRejects } from "npm:deno-std@1.4.0/assert/mod.js";
import { fetchBody, fetchOnce, withClient } from "../../tests/fixtures/http_harness.ts";
import { startRouteServer } from "../../tests/fixtures/route_server.ts";
import {
  close,
  dribble,
  pause,
  type Script,
  startScriptedServer,
  write,
} from "../../tests/fixtures/scripted_server.ts";
import { HttpError } from "./errors.ts";
import type { RequestOptions } from "./request.ts";

async function rejectsWithCode(
  run: () => Promise<unknown>,
  code: string,
): Promise<HttpError> {
  const error = await assertRejects(run, HttpError);
  assertEquals(error.code, code, error.message);
  return error;
}

/** Serves one scripted response at `/` and fetches it. */
async function fetchScripted(script: Script, options: RequestOptions = {}) {
  await using server = startScriptedServer({ routes: { "/": script } });
  const fetched = await fetchOnce(server.url(), options);
  return { ...fetched, server };
}

Deno.test("the request head carries Host, User-Agent, Accept and Accept-Encoding", async () => {
  // The User-Agent names the package's version, as `deno publish` reads it: a release bumps
  // deno.json, and what corun tells servers it is with it.
  const { version } = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  );
  await using server = startRouteServer({ "/path": { body: "ok" } });
  await fetchOnce(server.url("/path?q=1"));
  assertEquals(
    server.requests[0].head,
    `GET /path?q=1 HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
      `User-Agent: corun/${version}\r\n` +
      "Accept: */*\r\nAccept-Encoding: gzip, deflate\r\n\r\n",
  );
});

Deno.test("request headers override the defaults, and decompress: false asks for no encoding", async () => {
  await using server = startRouteServer({ "/": { body: "ok" } });
  await fetchOnce({
    url: server.url(),
    headers: { "user-agent": "tester/1", Accept: "text/html", "X-Extra": "1" },
  }, { decompress: false });
  const request = server.requests[0];
  assertEquals(request.headers.get("user-agent"), "tester/1");
  assertEquals(request.headers.get("accept"), "text/html");
  assertEquals(request.headers.get("host"), `127.0.0.1:${server.port}`);
  assertEquals(request.headers.get("accept-encoding"), null);
  assertEquals(request.headers.get("x-extra"), "1");
  assertEquals(request.fields.filter(([name]) => name.toLowerCase() === "host").length, 1);
});

Deno.test("a request header that would frame or route the message is refused before anything is sent", async (t) => {
  const headers = [["Host", "evil.test"], ["content-length", "0"], ["Connection", "close"]];
  for (const [name, value] of headers) {
    await t.step(name, async () => {
      await using server = startRouteServer({ "/": { body: "ok" } });
      await assertRejects(
        () => fetchOnce({ url: server.url(), method: "POST", headers: { [name]: value } }),
        TypeError,
        `Cannot send header "${name}"`,
      );
      assertEquals(server.connectionCount, 0);
    });
  }
});

Deno.test("a POST sends its body with Content-Length and Content-Type", async () => {
  await using server = startRouteServer({ "/form": { status: 201, body: "made" } });
  const { response, text } = await fetchOnce({
    url: server.url("/form"),
    method: "post",
    body: { kind: "bytes", bytes: new TextEncoder().encode("a=1&b=2"), contentType: "text/plain" },
  });
  assertEquals([response.status, text], [201, "made"]);
  const request = server.requests[0];
  assertEquals(request.method, "POST");
  assertEquals(request.headers.get("content-length"), "7");
  assertEquals(request.headers.get("content-type"), "text/plain");
  assertEquals(new TextDecoder().decode(request.body), "a=1&b=2");
});

Deno.test("a POST without a body sends Content-Length: 0", async () => {
  await using server = startRouteServer({ "/": { body: "ok" } });
  await fetchOnce({ url: server.url(), method: "POST" });
  assertEquals(server.requests[0].headers.get("content-length"), "0");
});

const RESPONSE_CASES: {
  name: string;
  response: string;
  status: number;
  body: string;
  closes?: boolean;
  header?: [string, string];
  trailer?: [string, string];
}[] = [
  {
    name: "a Content-Length body",
    response: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Test: yes\r\n\r\nhello",
    status: 200,
    body: "hello",
    header: ["x-test", "yes"],
  },
  {
    name: "a chunked body with extensions and trailers",
    response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
      '5;name=value\r\nhello\r\n7;a;b="c d"\r\n, world\r\n0\r\nX-Checksum: abc\r\n\r\n',
    status: 200,
    body: "hello, world",
    trailer: ["x-checksum", "abc"],
  },
  {
    name: "a body delimited by the close of the connection",
    response: "HTTP/1.1 200 OK\r\nX-Test: close\r\n\r\nuntil the end",
    status: 200,
    body: "until the end",
    closes: true,
  },
  {
    name: "an interim 100 Continue before the final head",
    response: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
    status: 201,
    body: "ok",
  },
  {
    name: "bare LF line endings",
    response: "HTTP/1.1 200 OK\nContent-Length: 2\nX-Test: lf\n\nok",
    status: 200,
    body: "ok",
    header: ["x-test", "lf"],
  },
  {
    name: "an HTTP/1.0 response",
    response: "HTTP/1.0 404 Not Found\r\nContent-Length: 4\r\n\r\nnope",
    status: 404,
    body: "nope",
  },
];

for (const testCase of RESPONSE_CASES) {
  Deno.test(`the client reads ${testCase.name}, whole and one byte at a time`, async (t) => {
    for (const [mode, step] of [["whole", write], ["byte by byte", dribble]] as const) {
      await t.step(mode, async () => {
        const script = testCase.closes
          ? [step(testCase.response), close()]
          : [step(testCase.response)];
        const { response, text } = await fetchScripted(script);
        assertEquals(response.status, testCase.status);
        assertEquals(text, testCase.body);
        if (testCase.header) {
          assertEquals(response.headers.get(testCase.header[0]), testCase.header[1]);
        }
        if (testCase.trailer) {
          assertEquals(response.body.trailers.get(testCase.trailer[0]), testCase.trailer[1]);
        }
      });
    }
  });
}

Deno.test("a reason phrase reaches statusText with its control characters replaced by ?", async () => {
  const head =
    "HTTP/1.1 404 \x1b[2J\x1b]0;PWNED\x07\x9b31mNot\tFound\r\nContent-Length: 4\r\n\r\nnope";
  // One byte per character: 0x9B alone, not its UTF-8 form.
  const { response, text } = await fetchScripted([
    write(Uint8Array.from(head, (c) => c.charCodeAt(0))),
  ]);
  assertEquals(
    [response.status, response.statusText, text],
    [404, "?[2J?]0;PWNED??31mNot\tFound", "nope"],
  );
});

Deno.test("a folded header (obsolete line folding) reaches the caller joined with one SP, split across reads too", async () => {
  // RFC 9112 §5.2: a user agent replaces each obs-fold with SP; old and embedded servers send them.
  await using server = startScriptedServer({
    routes: {
      "/": [
        write("HTTP/1.1 200 OK\r\nX-Long: part one\r\n"),
        pause(20),
        write("  part two\r\n\tpart three\r\nContent-Length: 2\r\n\r\nok"),
      ],
    },
  });
  const [first, second] = await withClient(function* (client) {
    return [yield* fetchBody(client, server.url()), yield* fetchBody(client, server.url())];
  });
  for (const { response, text } of [first, second]) {
    assertEquals(
      [
        response.status,
        text,
        response.headers.get("X-Long"),
        response.headers.toRecord()["x-long"],
      ],
      [200, "ok", "part one part two part three", "part one part two part three"],
    );
  }
  // The framing was read right: the connection carried the second request too.
  assertEquals(server.connectionCount, 1);
});

Deno.test("a folded Content-Length or Transfer-Encoding, or a fold before the first header, is refused", async (t) => {
  const heads = {
    "Content-Length": "HTTP/1.1 200 OK\r\nContent-Length:\r\n 2\r\n\r\nok",
    "Transfer-Encoding":
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n  abc\r\n\r\n5\r\nWorld\r\n0\r\n\r\n",
    "before the first header": "HTTP/1.1 200 OK\r\n Host: a\r\nContent-Length: 2\r\n\r\nok",
  };
  for (const [name, head] of Object.entries(heads)) {
    await t.step(name, async () => {
      const error = await rejectsWithCode(() => fetchScripted([write(head)]), "BAD_HEADER");
      assertEquals(error.message.includes("(obsolete line folding)"), true, error.message);
    });
  }
});

Deno.test("the client reads a head split in the middle of a header across reads", async () => {
  const { response, text } = await fetchScripted([
    write("HTTP/1.1 200 OK\r\nContent-Le"),
    pause(20),
    write("ngth: 5\r\nX-A"),
    pause(20),
    write("fter: split\r\n\r\nhel"),
    pause(20),
    write("lo"),
  ]);
  assertEquals([response.status, text, response.headers.get("x-after")], [200, "hello", "split"]);
});

Deno.test("HEAD, 204 and 304 responses have no body, and the connection serves the next request", async (t) => {
  const cases: [string, string, string][] = [
    ["HEAD", "/head", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"],
    ["GET", "/204", "HTTP/1.1 204 No Content\r\n\r\n"],
    ["GET", "/304", "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n"],
  ];
  for (const [method, path, head] of cases) {
    await t.step(`${method} ${path}`, async () => {
      await using server = startScriptedServer({
        routes: {
          [path]: [write(head)],
          "/next": [write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext")],
        },
      });
      const texts = await withClient(function* (client) {
        const first = yield* client.request({ url: server.url(path), method });
        const firstBody = yield* first.body.text();
        const second = yield* client.request({ url: server.url("/next") });
        return [firstBody, yield* second.body.text(), second.reusedConnection];
      });
      assertEquals(texts, ["", "next", true]);
      assertEquals(server.connectionCount, 1);
    });
  }
});

Deno.test("differing Content-Lengths, or Content-Length with Transfer-Encoding, fail with BAD_FRAMING", async (t) => {
  const heads = {
    "two Content-Lengths":
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    "Content-Length and Transfer-Encoding":
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
  };
  for (const [name, head] of Object.entries(heads)) {
    await t.step(name, async () => {
      await using server = startScriptedServer({ routes: { "/": [write(head)] } });
      const error = await rejectsWithCode(() => fetchOnce(server.url()), "BAD_FRAMING");
      assertEquals(error.url, server.url());
      assertEquals(server.requests.length, 1); // not retried
    });
  }
});

const HEAD_LIMIT_CASES: { name: string; head: string; options: RequestOptions; code: string }[] = [
  {
    name: "a head larger than maxHeaderBytes fails with HEAD_TOO_LARGE",
    head: "HTTP/1.1 200 OK\r\n" + `X-Pad: ${"p".repeat(90)}\r\n`.repeat(30) + "\r\n",
    options: { maxHeaderBytes: 1024 },
    code: "HEAD_TOO_LARGE",
  },
  {
    name: "more header fields than maxHeaderCount fail with TOO_MANY_HEADERS",
    head: "HTTP/1.1 200 OK\r\n" + "X-Many: 1\r\n".repeat(10) + "Content-Length: 0\r\n\r\n",
    options: { maxHeaderCount: 5 },
    code: "TOO_MANY_HEADERS",
  },
  {
    name: "one header line longer than 16 KiB fails with LINE_TOO_LONG",
    head: `HTTP/1.1 200 OK\r\nX-Long: ${"l".repeat(20_000)}\r\nContent-Length: 0\r\n\r\n`,
    options: {},
    code: "LINE_TOO_LONG",
  },
  {
    name:
      "with maxHeaderBytes at 256 KiB, a header line longer than 64 KiB fails with LINE_TOO_LONG",
    head: `HTTP/1.1 200 OK\r\nX-Long: ${"l".repeat(70_000)}\r\nContent-Length: 0\r\n\r\n`,
    options: { maxHeaderBytes: 256 * 1024 },
    code: "LINE_TOO_LONG",
  },
  {
    name: "a peer that does not speak HTTP fails with BAD_STATUS_LINE",
    head: "SSH-2.0-OpenSSH_9.6\r\n",
    options: {},
    code: "BAD_STATUS_LINE",
  },
];

for (const { name, head, options, code } of HEAD_LIMIT_CASES) {
  Deno.test(name, async () => {
    await using server = startScriptedServer({ routes: { "/": [write(head)] } });
    await rejectsWithCode(() => fetchOnce(server.url(), options), code);
    assertEquals(server.requests.length, 1); // not retried
  });
}

Deno.test("a header value with CR or LF is refused before anything is sent", async (t) => {
  const headers = {
    "CRLF in a value": { "X-Evil": "a\r\nInjected: 1" },
    "a bare LF in a value": { "X-Evil": "a\nInjected: 1" },
    "a space in a name": { "Bad Name": "1" },
  };
  for (const [name, given] of Object.entries(headers)) {
    await t.step(name, async () => {
      await using server = startRouteServer({ "/": { body: "ok" } });
      await rejectsWithCode(
        () => fetchOnce({ url: server.url(), headers: given }),
        "BAD_REQUEST_HEADER",
      );
      assertEquals(server.connectionCount, 0);
      assertEquals(server.requests, []);
    });
  }
});

Deno.test("a connection closed mid-head fails with EARLY_EOF, sent once (retries are the frontier's)", async () => {
  await using server = startScriptedServer({
    routes: { "/": [write("HTTP/1.1 200 OK\r\nContent-"), close()] },
  });
  await rejectsWithCode(() => fetchOnce(server.url()), "EARLY_EOF");
  assertEquals(server.connectionCount, 1);
});

Deno.test("a body cut short by the close fails with EARLY_EOF", async (t) => {
  const responses = {
    "Content-Length longer than the body": "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
    "a chunked body without its last chunk":
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n3\r\nab",
  };
  for (const [name, response] of Object.entries(responses)) {
    await t.step(name, async () => {
      await using server = startScriptedServer({ routes: { "/": [write(response), close()] } });
      const error = await rejectsWithCode(() => fetchOnce(server.url()), "EARLY_EOF");
      assertEquals(error.url, server.url());
    });
  }
});

Deno.test("a response head or framing the client refuses fails with a message naming its URL", async (t) => {
  const responses = {
    BAD_STATUS_LINE: "HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\nok",
    BAD_HEADER: "HTTP/1.1 200 OK\r\nX-A: 1\r\n\x01\r\nContent-Length: 2\r\n\r\nok",
    BAD_FRAMING: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
  };
  for (const [code, response] of Object.entries(responses)) {
    await t.step(code, async () => {
      await using server = startScriptedServer({ routes: { "/page": [write(response)] } });
      const url = server.url("/page");
      const error = await rejectsWithCode(() => fetchOnce(url), code);
      assertEquals(error.url, url);
      // A task fetching many URLs reports only the message: it must say which URL failed.
      assertEquals(error.message.startsWith(`Cannot fetch ${url}: cannot `), true, error.message);
    });
  }
});

Deno.test("raising maxHeaderBytes lets a header line longer than 16 KiB through", async () => {
  const link = "<https://cdn.test/a.css>; rel=preload, ".repeat(600); // about 23 KiB
  await using server = startScriptedServer({
    routes: { "/": [write(`HTTP/1.1 200 OK\r\nLink: ${link}\r\nContent-Length: 2\r\n\r\nok`)] },
  });
  const fetched = await fetchOnce(server.url(), { maxHeaderBytes: 256 * 1024 });
  assertEquals([fetched.response.headers.get("link"), fetched.text], [link.trim(), "ok"]);
});
