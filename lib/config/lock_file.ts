/**
 * The run lock's file in the output directory (`corun run --lock`, `corun schedule`; lib/schedule
 * takes it and names it after this), named here, below lib/schedule and lib/cli, so that the config
 * check refuses a `metadata` log there, which the run would lock as well.
 * @module
 */

/** The run lock's file name, in the output directory. */
export const LOCK_FILE_NAME = ".corun.lock";
