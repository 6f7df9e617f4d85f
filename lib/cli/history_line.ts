/**
 * Appending a line to the run history from the commands: a run's, a skipped fire's, a lost run's.
 * A prune that fails once the line is in the file is a warning of its own, saying the run is
 * recorded (a user reading it in cron mail would otherwise look for a run that is there); only a
 * line that could not be written is a failure to record it, which the caller words for what it
 * records.
 * @module
 */
import { messageOf } from "../loop/mod.ts";
import type { HistoryRun } from "../schedule/mod.ts";
import type { CliHost } from "./cli_host.ts";

/**
 * Appends `entry` to the history at `path`, pruned to `keep` runs per schedule, and warns when the
 * prune fails.
 *
 * @param host The host, which writes the file.
 * @param path The history file.
 * @param entry The line.
 * @param keep Runs kept per schedule (`keepHistory`).
 * @param warn Told the prune's failure, as one warning.
 * @returns Whether the line was written (false when writing there is not permitted).
 * @throws {Error} The file system error when the line cannot be written.
 */
export async function appendHistoryLine(
  host: CliHost,
  path: string,
  entry: HistoryRun,
  keep: number,
  warn: (message: string) => void,
): Promise<boolean> {
  const appended = await host.appendHistory(path, entry, { keep });
  if ("pruneError" in appended) warn(pruneFailureText(path, keep, appended.pruneError));
  return appended.written;
}

/** The warning of a prune that failed: the file keeps its older runs until a later append prunes. */
function pruneFailureText(path: string, keep: number, error: unknown): string {
  return `Cannot prune "${path}" to keepHistory ${keep}: ${messageOf(error)}; the run is ` +
    `recorded, and the next run tries the prune again`;
}
