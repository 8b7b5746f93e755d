import t from 'tap';
import { checkErrorDocs } from '../../integration/test/helpers/error-docs-table.js';
import { adminErrorTable } from '../src/index.js';

checkErrorDocs(t, {
  docs: new URL('../../../docs/admin.md', import.meta.url),
  docsName: 'docs/admin.md',
  heading: '## Error codes',
  table: adminErrorTable,
  tableName: 'adminErrorTable',
});
