/**
 * A 206 whose Content-Range gives the file's length as `*` (unknown) and carries only a piece of
 * the rest: the file is whole only at the length the first response gave (its Content-Length), not
 * at the end of the piece. Saving at the piece's end would report a truncated file done. That length
 * is the one the body was framed by, also when a proxy repeats the Content-Length.
 */
import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { createVirtualClock, defineConfig, run } from "../mod.ts";
import { bodyOf } from "./fixtures/range_server.ts";
import {
  close,
  type RecordedRequest,
  type Script,
  startScriptedServer,
  write,
} from "./fixtures/scripted_server.ts";

const BODY = bodyOf(1024 * 1024, 21);
const CUT = 300_000;
const PIECE = 400_000;

/**
 * A 200 that breaks off at CUT; a Range gets at most PIECE bytes, its total given as `*`.
 *
 * @param lengthFields The 200's Content-Length field lines.
 */
function servePiecesOfUnknownTotal(lengthFields: string): (request: RecordedRequest) => Script {
  return (request) => {
    const range = /^bytes=(\d+)-$/.exec(request.headers.get("range") ?? "");
    if (range === null) {
      return [
        write(`HTTP/1.1 200 OK\r\nETag: "v1"\r\n${lengthFields}\r\n`),
        write(BODY.subarray(0, CUT)),
        close(),
      ];
    }
    const first = Number(range[1]);
    const piece = BODY.subarray(first, Math.min(first + PIECE, BODY.length));
    return [
      write(
        `HTTP/1.1 206 Partial Content\r\nETag: "v1"\r\nContent-Range: bytes ${first}-${
          first + piece.length - 1
        }/*\r\nContent-Length: ${piece.length}\r\n\r\n`,
      ),
      write(piece),
    ];
  };
}

for (
  const [said, lengthFields] of [
    ["", `Content-Length: ${BODY.length}\r\n`],
    // Repeated, as some proxies send it (RFC 9110 §8.6): the body is framed by it all the same.
    [
      " (Content-Length repeated in one field)",
      `Content-Length: ${BODY.length}, ${BODY.length}\r\n`,
    ],
    [
      " (Content-Length in two fields)",
      `Content-Length: ${BODY.length}\r\nContent-Length: ${BODY.length}\r\n`,
    ],
  ]
) {
  Deno.test(`a 206 of a piece with an unknown total (bytes N-M/*) is continued up to the length the first response gave${said}, never saved short`, async () => {
    await using server = startScriptedServer({ respond: servePiecesOfUnknownTotal(lengthFields) });
    const outDir = await Deno.makeTempDir({ prefix: "corun-resume-unknown-total-" });
    try {
      const report = await run(
        defineConfig({
          outDir,
          tasks: [{ name: "big", fetch: server.url("/file.bin"), save: "big.bin", retries: 4 }],
        }),
        { clock: createVirtualClock({ startWallMs: 1_700_000_000_000 }), state: false },
      );
      const [big] = report.tasks;
      assertEquals(big.outcome, "done", big.error?.message);
      assertEquals(
        server.requests.map((request) => request.headers.get("range")),
        [null, `bytes=${CUT}-`, `bytes=${CUT + PIECE}-`],
      );
      assertEquals(await Deno.readFile(`${outDir}/big.bin`), BODY);
    } finally {
      await Deno.remove(outDir, { recursive: true });
    }
  });
}
