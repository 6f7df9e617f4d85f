import { assert, assertFalse } from "npm:deno-std@1.4.0/assert/mod.js";
import { brandClass } from "./brand.ts";

// Two classes branded with one name stand for the same class loaded from two copies of corun.
function twoCopies() {
  class SourceError extends Error {
    static {
      brandClass(this, "TestError");
    }
  }
  class BundleError extends Error {
    static {
      brandClass(this, "TestError");
    }
  }
  return { SourceError, BundleError };
}

Deno.test("an error made by one copy is an instanceof the other copy's class", () => {
  const { SourceError, BundleError } = twoCopies();
  assert(new BundleError("x") instanceof SourceError);
  assert(new SourceError("x") instanceof BundleError);
  assert(new SourceError("x") instanceof Error);
});

Deno.test("other brands, plain errors and non-objects are not instances", () => {
  const { SourceError } = twoCopies();
  class OtherError extends Error {
    static {
      brandClass(this, "OtherTestError");
    }
  }
  assertFalse(new OtherError("x") instanceof SourceError);
  assertFalse(new Error("x") instanceof SourceError);
  assertFalse((null as unknown) instanceof SourceError);
  assertFalse(("TestError" as unknown) instanceof SourceError);
});

Deno.test("a subclass of a branded class keeps ordinary instanceof", () => {
  const { SourceError } = twoCopies();
  class Narrower extends SourceError {}
  assert(new Narrower("x") instanceof SourceError);
  assert(new Narrower("x") instanceof Narrower);
  assertFalse(new SourceError("x") instanceof Narrower);
});
