import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { call, race, runOperation } from "../loop/mod.ts";
import { HeaderList, type HttpResponse } from "../http/mod.ts";
import { OutputDir } from "../sinks/mod.ts";
import { saveBody } from "./save_body.ts";

/** A 200 with an empty body of unknown length, so it is streamed to a file. */
function streamedEmptyResponse(): HttpResponse {
  return {
    status: 200,
    headers: new HeaderList([["Content-Type", "text/plain"]]),
    body: { read: () => call(() => Promise.resolve(null), "read"), close() {} },
  } as unknown as HttpResponse;
}

function saveTarget(dir: string) {
  return {
    template: "page.txt",
    outDir: new OutputDir(dir),
    taskName: "t",
    url: "http://example.test/",
    runDate: new Date(),
    digest: false,
    requestMethod: "GET",
  };
}

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("saveBody() cancelled while its file is being created leaves no file and no open handle", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-save-body-" });
  const open = Deno.open;
  const openCalled = Promise.withResolvers<void>();
  const openGate = Promise.withResolvers<void>();
  let opened: Promise<Deno.FsFile> | undefined;
  Deno.open = (path, options) => {
    openCalled.resolve();
    opened = openGate.promise.then(() => open(path, options));
    return opened;
  };
  try {
    const save = saveBody(streamedEmptyResponse(), saveTarget(dir));
    // The open starting ends the race, which cancels the save while the open is pending.
    const winner = await runOperation(race<unknown>([save, call(() => openCalled.promise)]));
    assertEquals(winner, undefined);
    openGate.resolve();
    await opened;
    // The open's continuation removes the file: give it a few turns of the event loop.
    for (let turn = 0; turn < 100 && [...Deno.readDirSync(dir)].length > 0; turn++) {
      await nextTurn();
    }
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), []);
  } finally {
    Deno.open = open;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveBody() cancelled during the rename ends only once the file is in place", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-save-body-" });
  const rename = Deno.rename;
  const renameCalled = Promise.withResolvers<void>();
  const renameGate = Promise.withResolvers<void>();
  Deno.rename = async (from, to) => {
    renameCalled.resolve();
    await renameGate.promise;
    return rename(from, to);
  };
  try {
    const save = saveBody(streamedEmptyResponse(), saveTarget(dir));
    let ended = false;
    const run = runOperation(race<unknown>([save, call(() => renameCalled.promise)]))
      .then(() => ended = true);
    await renameCalled.promise;
    for (let turn = 0; turn < 10; turn++) await nextTurn();
    const endedBeforeRename = ended;
    renameGate.resolve();
    await run;
    assertEquals(endedBeforeRename, false);
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name);
    assertEquals(names, ["page.txt"]);
    assert(Deno.statSync(`${dir}/page.txt`).isFile);
  } finally {
    Deno.rename = rename;
    await Deno.remove(dir, { recursive: true });
  }
});
