import { assertEquals, assertRejects, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { readChecksumsText, readChecksumsTextSync } from "./checksums_read.ts";

Deno.test("a checksums file of exactly the cap is read, one byte more is refused naming the knob", async () => {
  const path = await Deno.makeTempFile();
  try {
    const text = `${"a".repeat(64)}  é.iso\n`; // 73 bytes: é is two
    await Deno.writeTextFile(path, text);
    assertEquals(await readChecksumsText(path, 73), text);
    assertEquals(readChecksumsTextSync(path, 73), text);
    const message = "it is larger than 72B (maxChecksumsSize)";
    await assertRejects(() => readChecksumsText(path, 72), RangeError, message);
    assertThrows(() => readChecksumsTextSync(path, 72), RangeError, message);
  } finally {
    await Deno.remove(path);
  }
});
