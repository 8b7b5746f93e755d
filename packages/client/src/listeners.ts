/** Removes the handler it was returned for. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/** A set of handlers for one kind of event. A throwing handler does not stop the others. */
export class Listeners<A> {
  readonly #handlers = new Set<(arg: A) => void>();

  get size(): number {
    return this.#handlers.size;
  }

  add(handler: (arg: A) => void): Unsubscribe {
    // A wrapper, so the same function added twice is called twice and removed once per unsubscribe.
    const entry = (arg: A): void => handler(arg);
    this.#handlers.add(entry);
    return () => {
      this.#handlers.delete(entry);
    };
  }

  /** Calls every handler; `failed` gets what a handler threw. */
  emit(arg: A, failed: (error: unknown) => void): void {
    for (const handler of [...this.#handlers]) {
      try {
        handler(arg);
      } catch (error) {
        failed(error);
      }
    }
  }
}
