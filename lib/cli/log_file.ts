/**
 * `--log FILE`: the plain timestamped lines appended to a file as well, for cron jobs whose output
 * would otherwise go to a mail nobody reads. A log that cannot be opened or written (a full disk, a
 * read-only file system) says so once and goes quiet: it never changes how the run ends, and never
 * stops a run.
 * @module
 */
import type { TextSink } from "./cli_host.ts";
import { dirname } from "./deps.ts";
import { messageOf } from "../loop/mod.ts";

/** An open log file. Dispose to close it. */
export interface LogFile extends TextSink, Disposable {
  readonly path: string;
}

/**
 * Opens a log file for appending, creating it (and its directory) when missing. Writes are
 * synchronous appends, so lines from two processes logging to one file do not interleave mid-line.
 *
 * @param path The file.
 * @param onFailure Told, as a sentence naming the file, that it cannot be opened, or of the first
 *   write that fails (later writes are dropped). Neither opening nor writing ever throws.
 * @returns A sink that appends UTF-8 text, or undefined when the file cannot be opened.
 * @example
 * ```ts
 * import { openLogFile } from "./log_file.ts";
 * const dir = Deno.makeTempDirSync();
 * using log = openLogFile(`${dir}/cron.log`, (message) => console.error(message));
 * log?.write("2026-11-25T10:00:00.000Z task-1 done 3.00s\n");
 * ```
 */
export function openLogFile(
  path: string,
  onFailure: (message: string) => void,
): LogFile | undefined {
  let file: Deno.FsFile;
  try {
    Deno.mkdirSync(dirname(path), { recursive: true });
    file = Deno.openSync(path, { append: true, create: true });
  } catch (error) {
    onFailure(`Cannot open the log file "${path}": ${messageOf(error)}; going on without it`);
    return undefined;
  }
  const encoder = new TextEncoder();
  let closed = false;
  let broken = false;
  return {
    path,
    write(text) {
      if (closed || broken) return;
      const bytes = encoder.encode(text);
      try {
        for (let offset = 0; offset < bytes.length;) {
          offset += file.writeSync(bytes.subarray(offset));
        }
      } catch (error) {
        broken = true; // before telling: the warning may come back here, to be dropped
        onFailure(`Cannot write to the log file "${path}": ${messageOf(error)}`);
      }
    },
    [Symbol.dispose]() {
      if (closed) return;
      closed = true;
      file.close();
    },
  };
}
