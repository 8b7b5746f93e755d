/** One system under test, listening on 127.0.0.1. */
export interface RunningSystem {
  readonly port: number;
  stop(): Promise<void>;
}

/** How the load client talks to a system: Halyard's JSON frames over `ws`, or socket.io events with acks. */
export type Transport = 'json' | 'socket.io';
