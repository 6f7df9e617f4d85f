import { assertEquals } from "npm:deno-std@1.4.0/assert/mod.js";
import { shownLocation } from "./shown_location.ts";

Deno.test("shownLocation() shows a config URL's scheme, host and path, never its credentials", async (t) => {
  const cases: [string, string][] = [
    ["https://me:s3cr@x.org/c.yaml?token=t#a", "https://x.org/c.yaml"],
    // A password holding a raw `#`, `?`, `/` or `\`: the URL parser refuses the URL.
    ["https://me:s3cr#t@x.org/c.yaml", "https://x.org/c.yaml"],
    ["https://me:s3cr?t@x.org/c.yaml?token=t", "https://x.org/c.yaml"],
    ["https://me:s3cr/t@x.org/c.yaml", "https://x.org/c.yaml"],
    ["https://me:s3cr\\t@x.org/c.yaml", "https://x.org/c.yaml"],
    // `\` ends the authority, as for the URL parser: the host is x.org.
    ["https://me:s3cr@x.org\\c@y.yaml", "https://x.org/c@y.yaml"],
    ["tasks/c@y.yaml", "tasks/c@y.yaml"],
  ];
  for (const [location, shown] of cases) {
    await t.step(location, () => assertEquals(shownLocation(location), shown));
  }
});
