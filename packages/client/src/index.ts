export { connect } from './connect.js';
export type {
  HalyardClient,
  ClientStatus,
  CloseCause,
  StatusChange,
  OpenInfo,
  ReconnectInfo,
  RequestOptions,
  SendArgs,
  RequestArgs,
} from './halyard-client.js';
export type { ResetInfo, StreamPosition } from './room-positions.js';
export type { AuthProvider, AuthInfo, AuthFailureStage } from './client-auth.js';
export { defaultDoNotRetry } from './client-options.js';
export type { ClientOptions, FrameObserver, QueueOptions, TraceContextFields } from './client-options.js';
export type { ReconnectOptions } from './backoff.js';
export type { HeartbeatOptions } from './heartbeat.js';
export type { OverflowPolicy } from './outbox.js';
export type { QueryParams, QueryValue } from './client-url.js';
export type { Unsubscribe } from './listeners.js';
export { HalyardClientError, clientErrorCodes } from './errors.js';
export type { ClientErrorCode } from './errors.js';
export type { WebSocketConstructor, WebSocketLike, WebSocketEvent } from './transport.js';
export type {
  SocketSchema,
  AnySchema,
  DefineSchema,
  Jsonify,
  JsonInput,
  PresenceEvents,
  PresenceChange,
  PresenceMember,
  MessageType,
  MessageData,
  ReplyData,
  EventName,
  EventData,
  ServerRequestType,
  ServerRequestData,
  ServerReplyData,
} from './schema.js';
export type { MessageId, ErrorBody } from './wire-frames.js';
