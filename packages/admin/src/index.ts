export { adminPanel } from './admin-panel.js';
export type { AdminPanelOptions, AdminGuard } from './admin-options.js';
export type { ConnectionView, RoomView, RoomMemberView, AdminSnapshot } from './admin-views.js';
export type { SendCommand, DisconnectCommand } from './admin-commands.js';
export type { SendResult } from './admin-api.js';
export type { LiveFrame } from './live-feed.js';
export type { LatencyView, LatencyReport } from './latency-table.js';
export { AdminError, adminErrorTable } from './errors.js';
export type { AdminErrorCode } from './errors.js';
