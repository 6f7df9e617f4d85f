/**
 * `instanceof` across copies of corun. A TypeScript config run by the bundled command line imports
 * `mod.ts` from the sources (or from a URL), so two copies of each class are loaded, and an error
 * made by one copy must still be an `instanceof` the other's class. The brand does not carry a
 * version: copies of different corun versions recognise each other too, and branch on `code`.
 * @module
 */

/**
 * Marks `cls` with a brand that every copy of corun shares (a `Symbol.for` key), and makes
 * `value instanceof cls` true for any object carrying it. Subclasses keep ordinary `instanceof`.
 *
 * @param cls The class to brand.
 * @param name Its stable, unique name within corun.
 */
// deno-lint-ignore no-explicit-any
export function brandClass(cls: abstract new (...args: any[]) => object, name: string): void {
  const brand = Symbol.for(`corun.${name}`);
  Object.defineProperty(cls.prototype, brand, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      // A subclass inherits this method; for it, and only for it, fall back to the prototype chain.
      if (this !== cls) return Function.prototype[Symbol.hasInstance].call(this, value);
      return typeof value === "object" && value !== null && brand in value;
    },
  });
}
