// The client's counts are checked when it is made: a bad one is refused, naming the option, rather
// than failing later at a request with a message about something the caller never wrote.
import { assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import { HttpClient } from "./client.ts";

Deno.test("a client's perHost is 1 or more, and a bad number names the option", () => {
  // It used to fail each request instead, with "Cannot create a semaphore with 0 permits".
  for (const perHost of [0, -1, 2.5]) {
    assertThrows(
      () => new HttpClient({ perHost }),
      RangeError,
      `Cannot make an HTTP client with perHost: ${perHost}: expected a whole number of 1 or more`,
    );
  }
});

Deno.test("a client's larger read buffers are 1 or more, and a bad number names the option", () => {
  for (const largeReadBuffers of [0, 1.5, NaN]) {
    assertThrows(
      () => new HttpClient({ largeReadBuffers }),
      RangeError,
      `Cannot make an HTTP client with largeReadBuffers: ${largeReadBuffers}: expected a whole number`,
    );
  }
});
