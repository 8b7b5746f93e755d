// The options-validation tests of several packages read the error a call throws, then assert on its
// class, code and message. No workspace import, so a package's test imports it relatively.

/** What `call` throws, or undefined when it returns. */
export function thrownBy(call: () => unknown): unknown {
  try {
    call();
    return undefined;
  } catch (caught) {
    return caught;
  }
}
