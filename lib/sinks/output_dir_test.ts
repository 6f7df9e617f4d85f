import { assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfinementError } from "./confine.ts";
import { OutputDir } from "./output_dir.ts";

Deno.test("OutputDir.writeSmallFileSync() writes whole files into new directories and leaves no temporary file", async () => {
  const root = await Deno.makeTempDir();
  try {
    const out = new OutputDir(`${root}/out`);
    out.writeSmallFileSync("a/b/one.txt", new TextEncoder().encode("one"));
    out.writeSmallFileSync("a/b/two.txt", new TextEncoder().encode("two"));
    const names = [...Deno.readDirSync(`${root}/out/a/b`)].map((entry) => entry.name).sort();
    assertEquals(names, ["one.txt", "two.txt"]);
    assertEquals(Deno.readTextFileSync(`${root}/out/a/b/two.txt`), "two");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("OutputDir refuses paths that leave it, also through a symbolic link it did not make", async () => {
  const root = await Deno.makeTempDir();
  try {
    const out = new OutputDir(`${root}/out`);
    out.writeSmallFileSync("ok.txt", new Uint8Array([1]));
    assertThrows(
      () => out.writeSmallFileSync("../escaped.txt", new Uint8Array([1])),
      ConfinementError,
    );
    Deno.mkdirSync(`${root}/elsewhere`);
    Deno.symlinkSync(`${root}/elsewhere`, `${root}/out/link`);
    assertThrows(() => out.writeSmallFileSync("link/x.txt", new Uint8Array([1])), ConfinementError);
    assertEquals([...Deno.readDirSync(`${root}/elsewhere`)], []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("OutputDir resolves bare names in its top directory, and still refuses '..'", async () => {
  const root = await Deno.makeTempDir();
  try {
    const out = new OutputDir(`${root}/out`);
    out.writeSmallFileSync("one.txt", new Uint8Array([1]));
    assertEquals(out.resolve("two.txt"), `${root}/out/two.txt`);
    assertEquals(out.resolve("...txt"), `${root}/out/...txt`);
    assertThrows(() => out.resolve(".."), ConfinementError);
    out.writeSmallFileSync("two.txt", new Uint8Array([2]));
    assertEquals(Deno.readFileSync(`${root}/out/two.txt`), new Uint8Array([2]));
    assertEquals([...Deno.readDirSync(`${root}/out`)].length, 2);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a symbolic link leading outside does not keep files from its directory, and is not written through", async () => {
  const root = await Deno.makeTempDir();
  try {
    Deno.mkdirSync(`${root}/out/sub`, { recursive: true });
    Deno.mkdirSync(`${root}/elsewhere`);
    Deno.symlinkSync(`${root}/elsewhere`, `${root}/out/x`);
    Deno.symlinkSync(`${root}/elsewhere`, `${root}/out/sub/x`);
    const out = new OutputDir(`${root}/out`);
    out.writeSmallFileSync("page.html", new Uint8Array([1]));
    out.writeSmallFileSync("sub/page.html", new Uint8Array([2]));
    assertEquals(Deno.readFileSync(`${root}/out/sub/page.html`), new Uint8Array([2]));
    assertThrows(() => out.writeSmallFileSync("x/y.txt", new Uint8Array([3])), ConfinementError);
    assertEquals([...Deno.readDirSync(`${root}/elsewhere`)], []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("an output directory that is a symbolic link to nowhere: the error names the directory and the link, and keeps the code", async () => {
  const root = await Deno.makeTempDir();
  try {
    Deno.symlinkSync(`${root}/nowhere/deeper`, `${root}/out`);
    const out = new OutputDir(`${root}/out`);
    const error = assertThrows(() => out.writeSmallFileSync("a.txt", new Uint8Array([1])));
    assertEquals(
      (error as Error).message,
      `the output directory "${root}/out" cannot be made: it is a symbolic link to ` +
        `"${root}/nowhere/deeper", which does not exist`,
    );
    assertEquals((error as { code?: string }).code, "EEXIST");
    assertEquals([...Deno.readDirSync(root)].map((entry) => entry.name), ["out"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("an output directory under a symbolic link to nowhere: the error names that link", async () => {
  const root = await Deno.makeTempDir();
  try {
    Deno.symlinkSync(`${root}/gone`, `${root}/mount`);
    const out = new OutputDir(`${root}/mount/out`);
    const error = assertThrows(() => out.writeSmallFileSync("a.txt", new Uint8Array([1])));
    assertEquals(
      (error as Error).message,
      `the output directory "${root}/mount/out" cannot be made: "${root}/mount" is a symbolic ` +
        `link to "${root}/gone", which does not exist`,
    );
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
