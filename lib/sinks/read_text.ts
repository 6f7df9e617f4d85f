/**
 * Reading a whole file through a handle already opened (and checked) by `ConfinedDir`.
 * @module
 */

/**
 * Reads the rest of an open file as UTF-8 text.
 *
 * @param file The open file, at the position to read from.
 * @returns Its text.
 */
export async function readText(file: Deno.FsFile): Promise<string> {
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(64 * 1024);
  let text = "";
  for (let read = await file.read(buffer); read !== null; read = await file.read(buffer)) {
    text += decoder.decode(buffer.subarray(0, read), { stream: true });
  }
  return text + decoder.decode();
}
