export { connectSocket, expectUpgradeRejected, TestSocket } from './test-socket.js';
export type { ConnectOptions, Frame } from './test-socket.js';
