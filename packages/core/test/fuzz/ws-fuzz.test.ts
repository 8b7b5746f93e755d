/**
 * Fuzzes the WebSocket side of a live app (port 0, a real `ws` client): hostile envelopes and
 * `data`, broken JSON, binary frames, then sometimes a frame that ends the connection (invalid
 * UTF-8, above `maxPayload`), on a multi-message and a single-message socket. Per run, one fresh
 * connection; invariants:
 *
 * - every frame with a valid `id` gets exactly one answer (reply, error or `$pong`) with that id,
 *   and no answer carries an id that was not sent;
 * - every error frame's code is in the error table and none is `HALYARD_ERR_INTERNAL`;
 * - the connection stays open, except after a closing frame, which closes it with its code;
 * - no error-level log line, no stall of the event loop above `maxLoopStallMs`;
 * - no unhandled rejection or uncaught exception; a bystander socket keeps being served;
 * - afterwards the WebSocket runtime is idle.
 *
 * `HALYARD_FUZZ_RUNS=5000 HALYARD_FUZZ_SEED=42 npx tap packages/core/test/fuzz/ws-fuzz.test.ts`
 * runs longer (default 200 runs of 1-12 frames); a failure prints the seed, path and frames.
 */
import 'reflect-metadata';
import t from 'tap';
import fc from 'fast-check';
import { errorTable } from '../../src/index.js';
import { connectSocket, type TestSocket } from '../../src/testing/index.js';
import type { FuzzApp } from './fuzz-app.js';
import { fuzzRuns, runFuzzSuite } from './fuzz-harness.js';
import {
  closingFrameArb,
  expectedId,
  hostileFrameArb,
  type ClosingFrame,
  type HostileFrame,
} from './ws-frames.js';

const runs = fuzzRuns(200);
const answerTypes = new Set(['reply', 'error', '$pong']);

interface Run {
  readonly path: '/fuzz/ws' | '/fuzz/single';
  readonly frames: readonly HostileFrame[];
  readonly closing?: ClosingFrame;
}

const runArb: fc.Arbitrary<Run> = fc.record(
  {
    path: fc.constantFrom('/fuzz/ws' as const, '/fuzz/single' as const),
    frames: fc.array(hostileFrameArb, { minLength: 1, maxLength: 12 }),
    closing: closingFrameArb,
  },
  { requiredKeys: ['path', 'frames'] },
);

const key = (id: string | number): string => JSON.stringify(id);
let unique = 0;

function sendFrame(socket: TestSocket, payload: string | Buffer): void {
  socket.sendRaw(payload, { binary: typeof payload !== 'string' });
}

/** Waits until `done()` holds, or fails after `timeoutMs` with what `describe()` says. */
async function until(socket: TestSocket, done: () => boolean, describe: () => string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 2));
    if (!socket.isOpen && !done()) throw new Error(`socket closed early: ${describe()}`);
  }
}

async function fuzzOne(app: FuzzApp, run: Run): Promise<void> {
  const socket = await connectSocket(app, run.path);
  try {
    const expected = new Map<string, string>();
    const sent: string[] = [];
    for (const frame of run.frames) {
      const payload = frame.build(++unique);
      sendFrame(socket, payload);
      if (typeof payload === 'string') {
        sent.push(payload.length > 200 ? `${payload.slice(0, 200)}… (${payload.length})` : payload);
        const id = expectedId(payload);
        if (id !== undefined) expected.set(key(id), payload.slice(0, 200));
      } else sent.push(`<binary ${payload.length} bytes>`);
    }
    const answered = (): Map<string, number> => {
      const counts = new Map<string, number>();
      for (const frame of socket.frames)
        if (frame.id !== undefined && answerTypes.has(frame.type))
          counts.set(key(frame.id), (counts.get(key(frame.id)) ?? 0) + 1);
      return counts;
    };
    const context = (): string =>
      `sent:\n    ${sent.join('\n    ')}\n  got:\n    ${socket.frames
        .map((frame) => JSON.stringify(frame).slice(0, 300))
        .join('\n    ')}`;
    await until(
      socket,
      () => [...expected.keys()].every((id) => answered().has(id)),
      () => `not every id was answered\n  ${context()}`,
    );
    // A sentinel after everything: once its $pong is here, any duplicate answer would be too.
    const sentinel = `sentinel#${++unique}`;
    socket.send('$ping', undefined, sentinel);
    await socket.next((frame) => frame.type === '$pong' && frame.id === sentinel);
    const counts = answered();
    counts.delete(key(sentinel));
    for (const [id, count] of counts) {
      if (!expected.has(id))
        throw new Error(`an answer carries id ${id}, which no frame had\n  ${context()}`);
      if (count !== 1) throw new Error(`id ${id} was answered ${count} times\n  ${context()}`);
    }
    for (const frame of socket.frames) {
      if (frame.type !== 'error') continue;
      const code = frame.error?.code ?? '';
      if (!Object.hasOwn(errorTable, code) || code === 'HALYARD_ERR_INTERNAL')
        throw new Error(`error frame with code ${code}\n  ${context()}`);
    }
    if (run.closing) {
      // A text frame, whatever its bytes: `ws` checks UTF-8 and `maxPayload` before Halyard sees it.
      socket.sendRaw(run.closing.bytes, { binary: false });
      const closed = await Promise.race([
        socket.closed,
        new Promise<{ code: number }>((resolve) => setTimeout(() => resolve({ code: -1 }), 5_000)),
      ]);
      if (closed.code !== run.closing.closeCode)
        throw new Error(
          `${run.closing.kind} closed with ${closed.code} (-1: not within 5 s), not ${run.closing.closeCode}\n  ${context()}`,
        );
    }
  } finally {
    await socket.close();
  }
}

t.test('hostile frames are each answered once, close only when they must, stall nothing', async (t) => {
  let frames = 0;
  await runFuzzSuite(t, {
    runs,
    input: runArb,
    attack: async ({ app }, run) => {
      frames += run.frames.length + (run.closing ? 1 : 0);
      await fuzzOne(app, run);
    },
    sent: () => `${frames} frames`,
  });
});
