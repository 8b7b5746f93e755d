import { Writable } from 'node:stream';

export interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly code?: string;
  readonly [field: string]: unknown;
}

/** A pino destination for `createApp({ fastify: { logger: { level, stream } } })` that keeps the parsed lines. */
export class LogCapture {
  readonly lines: LogLine[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line) this.lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });

  withCode(code: string): LogLine[] {
    return this.lines.filter((line) => line.code === code);
  }
}

/** pino's numeric levels. */
export const Level = { debug: 20, info: 30, warn: 40, error: 50 } as const;
