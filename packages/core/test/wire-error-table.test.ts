import t from 'tap';
import {
  CloseCodes,
  HttpError,
  defineErrorTable,
  errorTable,
  formatErrorMessage,
  httpErrorFromTable,
} from '../src/index.js';
import { codedError } from '../src/wire-error.js';

// The wire errors come from the table: every close code it names is an exported CloseCodes value
// (so AsyncAPI documents it), and a coded error's message is the table's template filled in.
t.test('every close code of the error table is in CloseCodes', async (t) => {
  const exported = new Set<number>(Object.values(CloseCodes));
  for (const [code, entry] of Object.entries(errorTable)) {
    const closeCode = (entry as { closeCode?: number }).closeCode;
    if (closeCode !== undefined) t.ok(exported.has(closeCode), `${code}: ${closeCode} is exported`);
  }
  t.equal(CloseCodes.PROTOCOL_ERROR, 1002);
});

t.test('codedError words the message from the template, bounded like wireError', async (t) => {
  t.strictSame(codedError('HALYARD_ERR_WS_UNKNOWN_TYPE', { type: 'mvoe' }, { known: ['move'] }), {
    code: 'HALYARD_ERR_WS_UNKNOWN_TYPE',
    message: 'Unknown message type "mvoe"',
    details: { known: ['move'] },
  });
  t.strictSame(codedError('HALYARD_ERR_INTERNAL'), {
    code: 'HALYARD_ERR_INTERNAL',
    message: 'Internal server error',
  });
  const long = codedError('HALYARD_ERR_BAD_REQUEST', { detail: 'x'.repeat(5000) });
  t.equal(long.message.length, 1024);
});

t.test('defineErrorTable freezes the table and formatErrorMessage fills placeholders', async (t) => {
  const table = defineErrorTable({
    HALYARD_ERR_TEST_THING: { area: 'wire', message: '{what} is {how}', status: 400 },
  });
  t.ok(Object.isFrozen(table));
  t.ok(Object.isFrozen(table.HALYARD_ERR_TEST_THING));
  t.equal(formatErrorMessage(table, 'HALYARD_ERR_TEST_THING', { what: 'x' }), 'x is {how}');
});

t.test("httpErrorFromTable takes status and message from any package's table", async (t) => {
  const table = defineErrorTable({
    HALYARD_ERR_TEST_GONE: { area: 'wire', message: 'Widget {id} is gone', status: 410 },
    HALYARD_ERR_TEST_BOOT: { area: 'boot', message: 'no status here' },
  });
  const error = httpErrorFromTable(table, 'HALYARD_ERR_TEST_GONE', { id: 7 });
  t.ok(error instanceof HttpError);
  t.strictSame(
    { status: error.status, message: error.message, code: error.code },
    { status: 410, message: 'Widget 7 is gone', code: 'HALYARD_ERR_TEST_GONE' },
  );
  const upgrade = httpErrorFromTable(errorTable, 'HALYARD_ERR_WS_UPGRADE_REQUIRED', { path: '/chat' });
  t.strictSame(
    { status: upgrade.status, message: upgrade.message },
    { status: 426, message: '/chat is a WebSocket route; connect with a WebSocket client' },
  );
  // A row without a status is refused by the compiler, and at run time when the types are bypassed.
  // @ts-expect-error HALYARD_ERR_TEST_BOOT has no status
  t.throws(() => httpErrorFromTable(table, 'HALYARD_ERR_TEST_BOOT'), {
    name: 'TypeError',
    message: 'HALYARD_ERR_TEST_BOOT has no HTTP status in its error table',
  });
});
