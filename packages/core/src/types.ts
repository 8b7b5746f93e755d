/** A constructor. Halyard only ever instantiates controllers and providers through the container. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Class<T = unknown> = abstract new (...args: any[]) => T;

/** A concrete constructor. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConcreteClass<T = unknown> = new (...args: any[]) => T;
