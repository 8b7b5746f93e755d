export { connectSocket, expectUpgradeRejected, TestSocket } from './test-socket.js';
export type { ConnectOptions, Frame } from './test-socket.js';
export { emptyRuntime, inspectRuntime, whenRuntimeIdle } from './inspect-runtime.js';
export type { RuntimeInspection } from '../ws/runtime-probe.js';
// The checker lives in `@halyard/client/contract` (an optional peer, imported only when `contract` is
// on): its classes are imported from there; the types `TestSocket` exposes are re-exported, erased.
export type { ContractViolation, ContractViolationKind } from '@halyard/client/contract';
