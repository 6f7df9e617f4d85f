/**
 * The run history's file in the output directory (`corun history`; lib/schedule appends to it and
 * names it after this), named here, below lib/schedule and lib/cli, so that the config check
 * refuses a `save` there as the run does.
 * @module
 */

/** The run history's file name, in the output directory. */
export const HISTORY_FILE_NAME = ".corun-history.jsonl";
