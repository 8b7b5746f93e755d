export { connectSocket, expectUpgradeRejected, TestSocket } from './test-socket.js';
export type { ConnectOptions, Frame } from './test-socket.js';
export { emptyRuntime, inspectRuntime, whenRuntimeIdle } from './inspect-runtime.js';
export type { RuntimeInspection } from '../ws/runtime-probe.js';
