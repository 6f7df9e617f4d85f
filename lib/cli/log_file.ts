/**
 * `--log FILE`: the plain timestamped lines appended to a file as well, for cron jobs whose output
 * would otherwise go to a mail nobody reads. A log that cannot be opened or written (a full disk, a
 * read-only file system) says so once and goes quiet: it never changes how the run ends, and never
 * stops a run.
 * @module
 */
import type { TextSink } from "./cli_host.ts";
import { dirname, resolve } from "./deps.ts";
import { messageOf, refusedAccessText } from "../loop/mod.ts";

/** An open log file. Dispose to close it. */
export interface LogFile extends TextSink, Disposable {
  readonly path: string;
}

/**
 * Opens a log file for appending, creating it (and its directory) when missing. Writes are
 * synchronous appends, so lines from two processes logging to one file do not interleave mid-line.
 * A log rotated by moving it away (logrotate's `create` mode) is followed: before each write the
 * path is looked up, and when it no longer names the open file (moved, or removed) the path is
 * opened anew, so a long-lived writer (`corun schedule`, a long run) does not go on writing to the
 * rotated file while others write to the new one. A log copied and truncated (`copytruncate`) needs
 * nothing: appends go to its end.
 *
 * @param path The file.
 * @param onFailure Told, as a sentence naming the file, that it cannot be opened, or of the first
 *   write (or opening again) that fails (later writes are dropped). Neither opening nor writing ever
 *   throws.
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
  let open: OpenLog;
  try {
    open = openForAppend(path);
  } catch (error) {
    onFailure(`Cannot open the log file "${path}": ${whyNot(error, path)}; going on without it`);
    return undefined;
  }
  const encoder = new TextEncoder();
  let closed = false;
  let broken = false;
  return {
    path,
    write(text) {
      if (closed || broken) return;
      if (!isStillAt(path, open)) {
        try {
          const reopened = openForAppend(path);
          open.file.close();
          open = reopened;
        } catch (error) {
          broken = true; // before telling, as below
          onFailure(
            `Cannot open the log file "${path}" again (it was moved or removed): ` +
              `${whyNot(error, path)}; going on without it`,
          );
          return;
        }
      }
      const bytes = encoder.encode(text);
      try {
        for (let offset = 0; offset < bytes.length;) {
          offset += open.file.writeSync(bytes.subarray(offset));
        }
      } catch (error) {
        broken = true; // before telling: the warning may come back here, to be dropped
        onFailure(`Cannot write to the log file "${path}": ${messageOf(error)}`);
      }
    },
    [Symbol.dispose]() {
      if (closed) return;
      closed = true;
      open.file.close();
    },
  };
}

/** Why the log cannot be opened: its folder is made first, so that is what Deno refuses. */
function whyNot(error: unknown, path: string): string {
  return refusedAccessText(error, "write", dirname(resolve(path))) ?? messageOf(error);
}

/** An open log and which file it is (device and inode, taken once: they do not change). */
interface OpenLog {
  file: Deno.FsFile;
  dev: number;
  ino: number | null;
}

function openForAppend(path: string): OpenLog {
  Deno.mkdirSync(dirname(path), { recursive: true });
  const file = Deno.openSync(path, { append: true, create: true });
  try {
    const { dev, ino } = file.statSync();
    return { file, dev, ino };
  } catch (error) {
    file.close();
    throw error;
  }
}

/**
 * Whether the path still names the open file: one `stat` a write, cheaper than opening the file
 * for each line. A path that cannot be looked up for another reason than being gone (a folder
 * made unreadable) is taken as unchanged: the open file is still the best place for the line.
 */
function isStillAt(path: string, open: OpenLog): boolean {
  try {
    const { dev, ino } = Deno.statSync(path);
    return dev === open.dev && ino === open.ino;
  } catch (error) {
    return !(error instanceof Deno.errors.NotFound);
  }
}
