import { assert, assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { call, race, runOperation } from "../loop/mod.ts";
import { HeaderList, type HttpResponse } from "../http/mod.ts";
import { OutputDir } from "../sinks/mod.ts";
import { saveBody } from "./save_body.ts";
import { SavedPaths } from "./saved_paths.ts";

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
    savedPaths: new SavedPaths(dir),
    taskName: "t",
    url: "http://example.test/",
    runDate: new Date(),
    digest: false,
    contentType: null,
  };
}

Deno.test("saveBody() cancelled once its file is created leaves no file and no open handle", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-save-body-" });
  const open = Deno.openSync;
  const openCalled = Promise.withResolvers<void>();
  Deno.openSync = (path, options) => {
    openCalled.resolve();
    return open(path, options);
  };
  // A body whose first piece never comes: the save waits on it when the race cancels it.
  const response = {
    ...streamedEmptyResponse(),
    body: { read: () => call(() => new Promise<never>(() => {}), "read"), close() {} },
  } as unknown as HttpResponse;
  try {
    const save = saveBody(response, saveTarget(dir));
    const winner = await runOperation(race<unknown>([save, call(() => openCalled.promise)]));
    assertEquals(winner, undefined);
    assertEquals([...Deno.readDirSync(dir)].map((entry) => entry.name), []);
  } finally {
    Deno.openSync = open;
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveBody() cancelled at its rename ends with the file in place, whole", async () => {
  const dir = await Deno.makeTempDir({ prefix: "corun-save-body-" });
  const rename = Deno.renameSync;
  const renameCalled = Promise.withResolvers<void>();
  // The rename is one synchronous step: the cancel it starts lands only after it.
  Deno.renameSync = (from, to) => {
    renameCalled.resolve();
    return rename(from, to);
  };
  try {
    const save = saveBody(streamedEmptyResponse(), saveTarget(dir));
    await runOperation(race<unknown>([save, call(() => renameCalled.promise)]));
    const names = [...Deno.readDirSync(dir)].map((entry) => entry.name);
    assertEquals(names, ["page.txt"]);
    assert(Deno.statSync(`${dir}/page.txt`).isFile);
  } finally {
    Deno.renameSync = rename;
    await Deno.remove(dir, { recursive: true });
  }
});
