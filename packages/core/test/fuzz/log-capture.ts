import { Writable } from 'node:stream';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly code?: string;
  readonly [field: string]: unknown;
}

/** pino's numeric levels. */
export const Level = { info: 30, warn: 40, error: 50 } as const;

/** A pino destination that keeps the parsed lines, for `fastify: { logger: { stream } }`. */
export class LogCapture {
  readonly lines: LogLine[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) this.lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });

  /** Lines at error level or above: the server's own faults, never a client's. */
  errors(): LogLine[] {
    return this.lines.filter((line) => line.level >= Level.error);
  }
}
