import t, { type Test } from 'tap';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ticketApi } from './helpers/api-versions.js';
import { halyard, repoRoot, tempDir } from './helpers/cli-process.js';

const dir = await tempDir('halyard-diff-');
t.teardown(() => rm(dir, { recursive: true, force: true }));
const write = async (name: string, document: object, format: 'json' | 'yaml' = 'json'): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, format === 'json' ? JSON.stringify(document, null, 2) : stringify(document));
  return path;
};
const base = ticketApi();
const baseAsync = await write('asyncapi.json', base.asyncapi);
const baseOpen = await write('openapi.yaml', base.openapi, 'yaml');

type DiffResult = Awaited<ReturnType<typeof diff>>;

async function diff(before: string, after: string) {
  const result = await halyard(['docs', 'diff', before, after], { cwd: repoRoot });
  return { ...result, lines: result.stdout.split('\n').filter((line) => line.startsWith('  ')) };
}

/** Asserts a diff's exit code and its change lines; returns the result for the checks that follow. */
function expectDiff(
  t: Test,
  result: DiffResult,
  expected: { readonly code: number; readonly lines: readonly string[]; readonly message?: string },
): DiffResult {
  if (expected.message === undefined) t.equal(result.code, expected.code);
  else t.equal(result.code, expected.code, expected.message);
  t.strictSame(result.lines, expected.lines);
  return result;
}

const channel = 'channel TicketsSocket (/ws/tickets)';

t.test('identical documents: no changes, exit 0 (JSON against YAML of the same document)', async (t) => {
  const same = await diff(baseAsync, await write('same.yaml', ticketApi().asyncapi, 'yaml'));
  t.equal(same.code, 0);
  t.equal(same.stderr, '');
  t.match(same.stdout, /^AsyncAPI 3\.0\.0 .*asyncapi\.json → 3\.0\.0 .*same\.yaml\n\n✔ No changes\n$/);
  const open = await diff(baseOpen, await write('same-openapi.json', ticketApi().openapi));
  t.equal(open.code, 0);
  t.match(open.stdout, '✔ No changes');
});

t.test('a removed message is breaking; an added one is listed as non-breaking', async (t) => {
  const result = expectDiff(
    t,
    await diff(baseAsync, await write('v2.json', ticketApi({ withClose: false, withWatch: true }).asyncapi)),
    {
      code: 1,
      lines: [
        `  ✖ ${channel}: message "close" removed`,
        `  ✖ ${channel}: message "close_reply" removed`,
        '  ✖ operation TicketsSocket_close: operation removed',
        `  + ${channel}: message "watch" added`,
        `  + ${channel}: message "watch_reply" added`,
        '  + operation TicketsSocket_watch: operation added',
      ],
    },
  );
  t.match(result.stdout, 'Breaking changes (3):');
  t.match(result.stdout, 'Non-breaking changes (3):');
  t.match(result.stdout, /\n3 breaking, 3 non-breaking\n$/);
});

t.test('a field a client sends that becomes required is breaking', async (t) => {
  expectDiff(t, await diff(baseAsync, await write('v3.json', ticketApi({ requireQueue: true }).asyncapi)), {
    code: 1,
    lines: [`  ✖ ${channel}, message open (client → server): data.queue: newly required`],
  });
});

t.test('a narrowed enum is breaking in requests; in replies only new values would be', async (t) => {
  expectDiff(
    t,
    await diff(
      baseAsync,
      await write('v4.yaml', ticketApi({ priorities: ['low', 'normal'] }).asyncapi, 'yaml'),
    ),
    {
      code: 1,
      lines: [
        `  ✖ ${channel}, message open (client → server): data.priority: enum value "high" removed`,
        `  ~ ${channel}, message open_reply (server → client): data.priority: enum value "high" removed`,
      ],
    },
  );
  const widened = await diff(
    await write('v4-before.json', ticketApi({ priorities: ['low', 'normal'] }).asyncapi),
    baseAsync,
  );
  t.equal(widened.code, 1);
  t.strictSame(widened.lines, [
    `  ✖ ${channel}, message open_reply (server → client): data.priority: enum value "high" added`,
    `  + ${channel}, message open (client → server): data.priority: enum value "high" added`,
  ]);
});

t.test(
  "@Requests: the client's answer goes client → server, so what it must send is checked as a request",
  async (t) => {
    const asking = await write('confirm.json', ticketApi({ withConfirm: true }).asyncapi);
    const stricter = await write(
      'confirm-v2.json',
      ticketApi({ withConfirm: true, requireReason: true }).asyncapi,
    );
    const result = await diff(asking, stricter);
    t.equal(result.code, 1, 'a field the client must now send in its answer breaks old clients');
    t.strictSame(result.lines, [
      `  ✖ ${channel}, message request_confirm_reply (client → server): data.reason: newly required`,
    ]);
    const looser = await diff(stricter, asking);
    t.equal(looser.code, 0, 'an answer field that became optional breaks no client');
    t.strictSame(looser.lines, [
      `  ~ ${channel}, message request_confirm_reply (client → server): data.reason: no longer required`,
    ]);
  },
);

t.test('OpenAPI: a removed path, a removed response field, a newly required body field', async (t) => {
  const next = ticketApi({ withDelete: false, withAssignee: false, requireQueue: true }).openapi;
  const result = expectDiff(t, await diff(baseOpen, await write('openapi-v2.json', next)), {
    code: 1,
    lines: [
      '  ✖ GET /api/tickets, response 200: [].assignee: field removed',
      '  ✖ POST /api/tickets, request body: queue: newly required',
      '  ✖ POST /api/tickets, response 201: assignee: field removed',
      '  ✖ GET /api/tickets/{id}, response 200: assignee: field removed',
      '  ✖ path /api/tickets/{id}/delete: path removed',
    ],
  });
  t.match(result.stdout, /^OpenAPI 3\.1\.0 /);
});

t.test('AsyncAPI: a removed channel, a changed address, a changed operation action', async (t) => {
  const removed = expectDiff(
    t,
    await diff(baseAsync, await write('no-socket.json', ticketApi({ withSocket: false }).asyncapi)),
    {
      code: 1,
      lines: [
        `  ✖ ${channel}: channel removed`,
        // Every operation on it, the protocol's own (error, presence, heartbeat) included.
        ...Object.keys(base.asyncapi['operations'] as object).map(
          (id) => `  ✖ operation ${id}: operation removed`,
        ),
      ],
    },
  );
  t.ok(removed.lines.includes('  ✖ operation TicketsSocket_close: operation removed'));

  expectDiff(
    t,
    await diff(baseAsync, await write('moved.json', ticketApi({ socketPath: '/ws/v2/tickets' }).asyncapi)),
    { code: 1, lines: [`  ✖ ${channel}: address changed to /ws/v2/tickets`] },
  );

  const flipped = structuredClone(base.asyncapi) as { operations: Record<string, { action: string }> };
  flipped.operations['TicketsSocket_open']!.action = 'send';
  const action = await diff(baseAsync, await write('flipped.json', flipped));
  t.equal(action.code, 1);
  t.match(action.lines, ['  ✖ operation TicketsSocket_open: action changed from receive to send']);
});

t.test('a removed request field and a narrowed type (number → integer) are breaking', async (t) => {
  expectDiff(
    t,
    await diff(
      baseAsync,
      await write('narrowed.json', ticketApi({ withQueue: false, estimateType: 'integer' }).asyncapi),
    ),
    {
      code: 1,
      lines: [
        `  ✖ ${channel}, message open (client → server): data.queue: field removed (clients that still send it are rejected)`,
        `  ✖ ${channel}, message open (client → server): data.estimate: type changed from number to integer`,
      ],
    },
  );
  const widened = await diff(
    await write('narrowed-before.json', ticketApi({ estimateType: 'integer' }).asyncapi),
    baseAsync,
  );
  t.equal(widened.code, 0, 'integer → number accepts more: not breaking');
  t.strictSame(widened.lines, [
    `  ~ ${channel}, message open (client → server): data.estimate: type changed from integer to number`,
  ]);
});

t.test('tighter request constraints are breaking; looser ones are not', async (t) => {
  const tighter = ticketApi({ titleMax: 100, estimateMin: 1, titlePattern: true, reporterEmail: true });
  expectDiff(t, await diff(baseOpen, await write('tighter.json', tighter.openapi)), {
    code: 1,
    lines: [
      '  ✖ POST /api/tickets, request body: title: maxLength 200 → 100',
      '  ✖ POST /api/tickets, request body: title: pattern "^[^<>]*$" added',
      '  ✖ POST /api/tickets, request body: estimate: minimum 0 → 1',
      '  ✖ POST /api/tickets, request body: reporter: format "email" added',
    ],
  });
  const looser = await diff(await write('tighter-before.json', tighter.openapi), baseOpen);
  t.equal(looser.code, 0);
  t.strictSame(looser.lines, [
    '  ~ POST /api/tickets, request body: title: maxLength 100 → 200',
    '  ~ POST /api/tickets, request body: title: pattern "^[^<>]*$" removed',
    '  ~ POST /api/tickets, request body: estimate: minimum 1 → 0',
    '  ~ POST /api/tickets, request body: reporter: format "email" removed',
  ]);
});

t.test('an enum written as oneOf/anyOf of consts: a removed value is breaking in requests', async (t) => {
  const asUnion = (values: readonly string[], combinator: 'oneOf' | 'anyOf'): object => {
    const document = structuredClone(base.openapi) as unknown as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    document.components.schemas['OpenTicket']!.properties['priority'] = {
      [combinator]: values.map((value) => ({ const: value })),
    };
    return document;
  };
  for (const combinator of ['oneOf', 'anyOf'] as const) {
    expectDiff(
      t,
      await diff(
        await write(`${combinator}-before.json`, asUnion(['low', 'normal', 'high'], combinator)),
        await write(`${combinator}-after.json`, asUnion(['low', 'normal'], combinator)),
      ),
      {
        code: 1,
        message: combinator,
        lines: ['  ✖ POST /api/tickets, request body: priority: enum value "high" removed'],
      },
    );
  }
});

t.test('OpenAPI: a removed method on a path that stays is breaking', async (t) => {
  expectDiff(t, await diff(baseOpen, await write('no-list.json', ticketApi({ withList: false }).openapi)), {
    code: 1,
    lines: ['  ✖ GET /api/tickets: operation removed'],
  });
});

t.test('unreadable or mismatched documents are usage errors (exit 2)', async (t) => {
  const missing = await diff(join(dir, 'nope.json'), baseAsync);
  t.equal(missing.code, 2);
  t.equal(
    missing.stderr,
    `error HALYARD_ERR_CLI_DOCUMENT_UNREADABLE: cannot read ${join(dir, 'nope.json')}: ENOENT\n`,
  );
  const mixed = await diff(baseAsync, baseOpen);
  t.equal(mixed.code, 2);
  t.match(
    mixed.stderr,
    /^error HALYARD_ERR_CLI_DOCUMENT_KIND: .*asyncapi\.json is asyncapi but .*openapi\.yaml is openapi;/,
  );
  const broken = join(dir, 'broken.json');
  await writeFile(broken, '{ "asyncapi": ');
  const invalid = await diff(broken, baseAsync);
  t.equal(invalid.code, 2);
  t.match(
    invalid.stderr,
    /^error HALYARD_ERR_CLI_DOCUMENT_UNREADABLE: cannot read .*broken\.json: not valid JSON: /,
  );
  const other = await diff(await write('other.json', { swagger: '2.0' }), baseAsync);
  t.equal(other.code, 2);
  t.match(other.stderr, 'has neither an "asyncapi" nor an "openapi" version field');
  const usage = await halyard(['docs', 'diff', baseAsync], { cwd: repoRoot });
  t.equal(usage.code, 2);
  t.equal(
    usage.stderr,
    'error HALYARD_ERR_CLI_MISSING_ARGUMENT: docs diff: missing <new>; usage: halyard docs diff <old> <new>\n',
  );
});
