import { assertEquals, assertMatch } from "npm:deno-std@1.4.0/assert/mod.js";
import { ConfigError } from "./config_error.ts";
import { validateConfig } from "./load.ts";

Deno.test("a save template that would leave the output directory is a config error at tasks[i].save", () => {
  try {
    validateConfig({
      tasks: [
        { name: "ok", fetch: "https://example.com/", save: "{host}/{path}" },
        { name: "escape", fetch: "https://example.com/", save: "../outside/{name}.html" },
        { name: "typo", fetch: "https://example.com/", save: "{hots}.html" },
      ],
    }, "inline");
    throw new Error("expected a ConfigError");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    assertEquals(error.issues.map((issue) => issue.path), ["tasks[1].save", "tasks[2].save"]);
    assertMatch(error.issues[1].message, /unknown placeholder/);
  }
});
