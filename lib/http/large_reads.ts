/**
 * When a body is read through a larger buffer than its connection's own, and how many at once.
 * @module
 */

/**
 * A body read for throughput (`read(batchBytes)`) is read through a buffer of
 * {@linkcode LARGE_READ_BUFFER_BYTES} once this many of its bytes have come: a quarter of the reads
 * and writes of the connection's own buffer (256 MiB over loopback HTTP: 313 → 247 ms). Smaller
 * bodies keep that buffer: many at once share the processor's caches better with it (64 × 1 MiB at
 * concurrency 16 took 13% longer with 1 MiB buffers).
 */
export const LARGE_BODY_BYTES = 4 * 1024 * 1024;

/** The read buffer, and the batch, of a body past {@linkcode LARGE_BODY_BYTES}. */
export const LARGE_READ_BUFFER_BYTES = 1024 * 1024;

/**
 * How many connections of a client read a large body through the larger buffer at once: the others
 * keep their own (256 KiB), so 64 large downloads at once hold 3 MiB more than their own buffers,
 * not 48 MiB. The larger buffer's gain was measured for one body; many bodies at once are read in
 * turns by one thread, where larger buffers for all were not measured to help (and for smaller
 * bodies made it slower, above). A body that finds none free asks again at each later read, and
 * takes one once another body's end gives it back: nothing waits for one.
 */
export const DEFAULT_LARGE_READ_BUFFERS = 4;
