import 'reflect-metadata';

export { Controller } from './decorators/controller.js';
export { Get, Post, Put, Patch, Delete, HttpCode } from './decorators/http-methods.js';
export {
  Body,
  Param,
  Query,
  Headers,
  Req,
  Res,
  Identity,
  Message,
  Conn,
  CloseCode,
  CloseReason,
} from './decorators/params.js';
export type { ParamOptions } from './decorators/params.js';
export { Summary, Description, Tags, Deprecated, OperationId, Example, Returns } from './decorators/docs.js';
export type { ReturnsOptions } from './decorators/docs.js';
export { UseGuards } from './decorators/guards.js';
export { Injectable, Inject } from './decorators/injection.js';
export { WebSocket, OnMessage, OnConnect, OnDisconnect, OnReauth, Emits } from './decorators/websocket.js';
export type { WebSocketOptions } from './decorators/websocket.js';
export { Requests } from './decorators/requests.js';
export type { RequestsOptions } from './decorators/requests.js';
export { HalyardError, errorTable } from './errors.js';
export type { HalyardErrorCode, WireErrorCode } from './errors.js';
export { codedErrorClass, defineErrorTable, formatErrorMessage } from './error-table.js';
export type { CodedError, ErrorTable, ErrorTableEntry, ErrorParams } from './error-table.js';
export { buildDefinition } from './definition/definition-builder.js';
export { frameTypesByRoute } from './definition/frame-types.js';
export type * from './definition/app-definition.js';
export type * from './guards/guard.js';
export type { Token } from './di/token.js';
export type { Class } from './types.js';
export type { HttpMethod, SocketLimitOptions } from './metadata.js';
export { createApp } from './create-app.js';
export type { CreateAppOptions } from './create-app.js';
export type { HalyardExtension } from './extension.js';
export type { HalyardRuntime } from './runtime.js';
export type { Provider } from './di/provider.js';
export type { DocsOptions } from './docs/docs-options.js';
export type { DocsUi, DocsUiContext } from './docs/docs-ui.js';
export { generateDocs } from './docs/generate-docs.js';
export type { GeneratedDocs, GenerateDocsOptions } from './docs/generate-docs.js';
export { generateAsyncApi } from './asyncapi/asyncapi-generator.js';
export type {
  AsyncApiDocument,
  AsyncApiOptions,
  AsyncApiServerOption,
} from './asyncapi/asyncapi-generator.js';
export type { ValidationSettings } from './validation/validation-settings.js';
export type { FieldError, ValueSource } from './validation/field-error.js';
export {
  HttpError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  ValidationFailedError,
  httpErrorFromTable,
} from './http/http-error.js';
export type { HttpErrorOptions, TableStatusCode } from './http/http-error.js';
export type { Problem } from './http/problem.js';
export { FASTIFY, LOGGER } from './tokens.js';
export { generateOpenApi } from './openapi/openapi-generator.js';
export type { OpenApiDocument, OpenApiInfo } from './openapi/openapi-generator.js';
export { Hub } from './ws/hub.js';
export type { SendOptions } from './ws/hub-stats.js';
export type { HubStats, TrafficStats } from './ws/hub-stats.js';
export type { TrafficEvent } from './ws/traffic.js';
export type * from './ws/socket-observer.js';
export { Connection } from './ws/connection.js';
export type { ConnectionMetadata, PresenceData } from './ws/connection.js';
export { ServerRequestError } from './ws/server-requests.js';
export type { ServerRequestOptions } from './ws/server-requests.js';
export { MemoryAdapter } from './ws/memory-adapter.js';
export type * from './ws/broadcast-adapter.js';
export { StreamPositionDto } from './ws/stream-position-dto.js';
export type { RoomStreamOptions } from './ws/room-streams.js';
export type { ResetReason } from './ws/stream-resume.js';
export { CloseCodes, WsCloseError, doNotRetryCloseCodes } from './ws/close-codes.js';
export type { WebSocketAppOptions } from './ws/websocket-options.js';
export type { RoomPolicyRule } from './ws/room-policy.js';
export type { MessageId } from './ws/wire-protocol.js';
