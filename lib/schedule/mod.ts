/**
 * Scheduled jobs: cron expressions → fire times in a time zone (right across daylight-saving
 * changes), a scheduler that runs a job on corun's loop at each fire time (jitter, overlap policy,
 * catch-up, graceful stop), an exclusive run lock, and the run history.
 *
 * Exports what the layers above use: {@linkcode nextFireTimes}, {@linkcode validateFireTimeSpec},
 * {@linkcode FireTimes}, {@linkcode drawJitterMs}, {@linkcode shortestFireGapMs},
 * {@linkcode createTimeZone}, {@linkcode localTimeZoneName},
 * {@linkcode localZoneProblem}, {@linkcode resolveWallTime}, {@linkcode schedule},
 * {@linkcode missedFireOf}, {@linkcode pause}, {@linkcode WALL_CHECK_MS}, {@linkcode acquireLock},
 * {@linkcode readHolder}, {@linkcode LockHeldError}, {@linkcode LOCK_FILE_NAME},
 * {@linkcode appendHistory}, {@linkcode readHistory}, {@linkcode isRunOfConfig},
 * {@linkcode historyKeepOf}, {@linkcode isUnfinished}, {@linkcode HISTORY_FILE_NAME}, the marks of
 * runs going on
 * ({@linkcode markRun}, {@linkcode readUnfinishedRuns}, {@linkcode takeLostRuns},
 * {@linkcode unrecordedRuns}, {@linkcode isLostRunFor}, {@linkcode RUN_MARKS_DIR}), and the types
 * of their parameters and results. The layer's own tests import its files directly.
 * @module
 */
export { type FireTimeSpec, nextFireTimes, validateFireTimeSpec } from "./next_fire.ts";
export { drawJitterMs } from "./jitter.ts";
export { shortestFireGapMs } from "./fire_gap.ts";
export {
  createTimeZone,
  localTimeZoneName,
  localZoneProblem,
  resolveWallTime,
  type TimeZone,
} from "./time_zone.ts";
export {
  type Fire,
  type FireInfo,
  type FireOutcome,
  missedFireOf,
  type RunInfo,
  type RunOutcome,
  schedule,
  type ScheduleOptions,
  type ScheduleSettings,
} from "./scheduler.ts";
export {
  acquireLock,
  LOCK_FILE_NAME,
  LockHeldError,
  type LockHolder,
  type LockMode,
  type LockOptions,
  type LockResult,
  readHolder,
  type RunLock,
} from "./lock.ts";
export { pause, WALL_CHECK_MS } from "./pause.ts";
export type { WallStep } from "./wall_watch.ts";
export { FireTimes } from "./fire_times.ts";
export {
  appendHistory,
  type AppendHistoryOptions,
  type DamagedHistoryLine,
  HISTORY_FILE_NAME,
  type HistoryAppend,
  type HistoryEntry,
  historyKeepOf,
  type HistoryRun,
  isRunOfConfig,
  isUnfinished,
  type MarkedRun,
  readHistory,
  type ReadHistoryOptions,
  tryAppendHistorySync,
  type UnfinishedRun,
} from "./history.ts";
export {
  isLostRunFor,
  type LostRuns,
  markRun,
  readUnfinishedRuns,
  RUN_MARKS_DIR,
  type RunMark,
  takeLostRuns,
  unrecordedRuns,
} from "./run_marks.ts";
