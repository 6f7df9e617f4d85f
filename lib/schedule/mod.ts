/**
 * Scheduled jobs: cron expressions → fire times in a time zone (right across daylight-saving
 * changes), a scheduler that runs a job on corun's loop at each fire time (jitter, overlap policy,
 * catch-up, graceful stop), an exclusive run lock, the state kept between runs, and the run history.
 *
 * Exports: {@linkcode nextFireTimes}, {@linkcode createFireTimeSource}, {@linkcode skipPassedFires},
 * {@linkcode validateFireTimeSpec}, {@linkcode WallWatch}, {@linkcode FireTimes}, {@linkcode CronSyntaxError}, {@linkcode drawJitterMs}, {@linkcode createTimeZone},
 * {@linkcode resolveWallTime}, {@linkcode localTimeZoneName}, {@linkcode schedule}, {@linkcode missedFireOf},
 * {@linkcode acquireLock}, {@linkcode readHolder}, {@linkcode LockHeldError},
 * {@linkcode LOCK_FILE_NAME}, {@linkcode openStateStore}, {@linkcode STATE_FILE_NAME},
 * {@linkcode appendHistory}, {@linkcode readHistory}, {@linkcode isRunOfConfig},
 * {@linkcode historyKeepOf},
 * {@linkcode isUnfinished}, {@linkcode HISTORY_FILE_NAME}, the marks of runs going on
 * ({@linkcode markRun}, {@linkcode readUnfinishedRuns}, {@linkcode takeLostRuns},
 * {@linkcode unrecordedRuns}, {@linkcode isLostRunFor}, {@linkcode ORPHANED_MARK_AGE_MS},
 * {@linkcode RUN_MARKS_DIR}), and their types.
 * @module
 */
export {
  createFireTimeSource,
  CronSyntaxError,
  type FireTimeSpec,
  nextFireTimes,
  skipPassedFires,
  validateFireTimeSpec,
} from "./next_fire.ts";
export { drawJitterMs } from "./jitter.ts";
export {
  createTimeZone,
  localTimeZoneName,
  resolveWallTime,
  type TimeZone,
  type WallTimeResolution,
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
export { MAX_SLEEP_MS, pause, WALL_CHECK_MS } from "./pause.ts";
export { BACKWARD_STEP_MS, type WallStep, WallWatch } from "./wall_watch.ts";
export { FireTimes } from "./fire_times.ts";
// The state store lives in sinks (the tasks layer uses it too); re-exported here for schedule users.
export {
  type OpenStateOptions,
  openStateStore,
  STATE_FILE_NAME,
  type StateEntry,
  type StateStore,
} from "../sinks/mod.ts";
export {
  appendHistory,
  type AppendHistoryOptions,
  type DamagedHistoryLine,
  DEFAULT_KEEP_HISTORY,
  HISTORY_FILE_NAME,
  type HistoryEntry,
  historyKeepOf,
  type HistoryRun,
  isRunOfConfig,
  isUnfinished,
  type MarkedRun,
  readHistory,
  type ReadHistoryOptions,
  type UnfinishedRun,
} from "./history.ts";
export {
  isLostRunFor,
  type LostRuns,
  markRun,
  ORPHANED_MARK_AGE_MS,
  readUnfinishedRuns,
  RUN_MARKS_DIR,
  type RunMark,
  takeLostRuns,
  unrecordedRuns,
} from "./run_marks.ts";
