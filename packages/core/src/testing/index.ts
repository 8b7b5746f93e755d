export { connectSocket, expectUpgradeRejected, TestSocket } from './test-socket.js';
export type { ConnectOptions, Frame } from './test-socket.js';
export { emptyRuntime, inspectRuntime, whenRuntimeIdle } from './inspect-runtime.js';
export type { RuntimeInspection } from '../ws/runtime-probe.js';
export { ContractChecker, ChannelContract, ContractViolationError } from './contract-checker.js';
export type { ContractViolation, ContractViolationKind } from './contract-checker.js';
