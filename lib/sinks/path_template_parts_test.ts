import { assert, assertEquals, assertThrows } from "npm:deno-std@1.4.0/assert/mod.js";
import {
  highestPartPlaceholder,
  renderPathTemplate,
  TemplateError,
  type TemplateVars,
  validatePathTemplate,
} from "./path_template.ts";

function vars(parts: string[] | undefined): TemplateVars {
  return { url: "https://x.org/a/b.html", name: "t", uuid: "id", parts };
}

Deno.test("{1}..{99} render the text each glob matched", () => {
  assertEquals(renderPathTemplate("{1}/page-{2}.html", vars(["en", "007"])), "en/page-007.html");
  assertEquals(renderPathTemplate("{2}-{1}-{2}", vars(["a", "b"])), "b-a-b");
  const many = Array.from({ length: 99 }, (_, i) => `p${i + 1}`);
  assertEquals(renderPathTemplate("{99}/{10}", vars(many)), "p99/p10");
  assertEquals(renderPathTemplate("{host}/{1}.{ext}", vars(["x"])), "x.org/x.html");
});

Deno.test("a part is one safe segment: never a separator, a dot segment or empty", () => {
  const cases: [string, string][] = [
    ["a/b", "a_b"],
    ["..", "_"],
    [".", "_"],
    ["", "_"],
    ["..\\..\\etc", ".._.._etc"],
    ["a\u0000b\nc", "a_b_c"], // controls replaced, as the characters file systems refuse
    ["CON", "_CON"],
    ["x:y?z", "x_y_z"],
  ];
  for (const [part, segment] of cases) {
    assertEquals(renderPathTemplate("out/{1}", vars([part])), `out/${segment}`, part);
  }
  const rendered = renderPathTemplate("{1}/{2}/{3}", vars(["..", "../..", "/"]));
  for (const segment of rendered.split("/")) {
    assert(segment !== "" && segment !== "." && segment !== "..", rendered);
  }
});

Deno.test("a part inside a name is the text its glob matched, as curl's #n: the whole name is trimmed, or made _", () => {
  const cases: [string, string[], string][] = [
    ["{1}example.org.html", [""], "example.org.html"],
    ["{1}example.org.html", ["www."], "www.example.org.html"],
    ["v{1}0.txt", ["1."], "v1.0.txt"],
    ["f{1}", ["_"], "f_"],
    ["{1}{2}", ["", ""], "_"],
    ["{1}/{2}.pdf", ["", "x"], "_/x.pdf"],
    ["a/{1}.", ["b"], "a/b"],
    ["a/x{1}", [". ."], "a/x"],
    ["{1}.{2}", [".", ""], "_"],
    ["{1}.txt", ["con"], "_con.txt"],
    ["{1}-{2}", ["a/b", "c:d"], "a_b-c_d"],
  ];
  for (const [template, parts, path] of cases) {
    assertEquals(renderPathTemplate(template, vars(parts)), path, `${template} ${parts}`);
  }
});

Deno.test("rendering {n} with fewer than n parts throws a clear error", () => {
  assertThrows(
    () => renderPathTemplate("{1}/{3}.html", vars(["a", "b"])),
    TypeError,
    '"{1}/{3}.html": {3} needs the text glob 3 of the URL pattern matched, but there are 2 globs',
  );
  assertThrows(
    () => renderPathTemplate("{2}", vars(["a"])),
    TypeError,
    "but there is 1 glob",
  );
  assertThrows(() => renderPathTemplate("{1}", vars(undefined)), TypeError, "there are no globs");
  assertThrows(() => renderPathTemplate("{1}", vars([])), TypeError, "there are no globs");
});

Deno.test("numbered placeholders outside {1}..{99} are refused with their column", () => {
  for (const [template, column] of [["{0}", 1], ["a/{100}", 3], ["{01}", 1], ["{1}{007}", 4]]) {
    const problems = validatePathTemplate(template as string);
    assertEquals(problems.map((p) => p.column), [column], template as string);
    assert(problems[0].message.includes("numbered placeholders go from {1} to {99}"));
  }
  assertThrows(() => renderPathTemplate("{100}", vars(["a"])), TemplateError, "{1} to {99}");
  assertEquals(validatePathTemplate("{1}/{99}.html"), []);
  // The list of known placeholders now names the numbered ones.
  assert(validatePathTemplate("{x}")[0].message.includes("{1}..{99}"));
});

Deno.test("a numbered placeholder counts as a placeholder in segment checks", () => {
  assertEquals(validatePathTemplate("{1}"), []);
  assertEquals(validatePathTemplate("a/{1}.."), []);
  assertEquals(validatePathTemplate("{1}/..").map((p) => p.column), [5]);
});

Deno.test("highestPartPlaceholder() is the highest {n} used, 0 when none", () => {
  const cases: [string, number][] = [
    ["{host}/{path}", 0],
    ["0.html", 0],
    ["", 0],
    ["{1}", 1],
    ["{3}/{1}-{name}.html", 3],
    ["{12}{2}", 12],
    ["{99}", 99],
    // Numbers it refuses do not count; other problems do not hide the valid ones.
    ["{100}/{0}", 0],
    ["/abs/{4}/{nope}", 4],
  ];
  for (const [template, highest] of cases) {
    assertEquals(highestPartPlaceholder(template), highest, template);
  }
});
