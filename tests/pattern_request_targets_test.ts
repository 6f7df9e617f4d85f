// Each URL a pattern makes is read by the URL standard before it is sent, as a browser reads it
// (the README's Patterns and lists): `{ } "` and spaces go percent-encoded and `\` is read as `/`,
// where curl sends the expanded text as it is. A pattern's expansion is curl's all the same.
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { defineConfig, fetchTask, run } from "../mod.ts";
import { startRouteServer } from "./fixtures/route_server.ts";

Deno.test("a pattern's URLs are sent as the URL standard reads them: { } \" and spaces encoded, \\ as /", async () => {
  await using server = startRouteServer({});
  const base = server.url("");
  const report = await run(
    defineConfig({
      metadata: false,
      tasks: [
        fetchTask("escaped", `${base}/a\\[1\\]\\{b\\}`),
        fetchTask("set", `${base}/{e"f,c\\},g h}`),
        fetchTask("backslash", `${base}/a\\b/[1-2]`),
      ],
    }),
    { state: false },
  );
  assertEquals(report.tasks.length, 3);
  assertEquals(server.requests.map((request) => request.path).sort(), [
    "/a/b/1",
    "/a/b/2",
    "/a[1]%7Bb%7D",
    "/c%7D",
    "/e%22f",
    "/g%20h",
  ]);
});
