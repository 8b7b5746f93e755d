export { tracing } from './tracing-extension.js';
export type { TracingOptions } from './tracing-extension.js';
export { clientTraceContext } from './client-trace-context.js';
