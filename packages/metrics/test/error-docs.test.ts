import t from 'tap';
import { checkErrorDocs } from '../../integration/test/helpers/error-docs-table.js';
import { metricsErrorTable } from '../src/index.js';

checkErrorDocs(t, {
  docs: new URL('../../../docs/observability.md', import.meta.url),
  docsName: 'docs/observability.md',
  heading: '### Error codes',
  table: metricsErrorTable,
  tableName: 'metricsErrorTable',
});
