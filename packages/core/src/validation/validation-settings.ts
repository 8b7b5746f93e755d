import type { ClassTransformOptions } from 'class-transformer';

/**
 * How DTOs are validated, for HTTP bodies, query, params and headers and for WebSocket messages.
 * Passed as `createApp({ validation })`; every field has a strict default.
 */
export interface ValidationSettings {
  /** Strip properties without decorators. Default `true`. */
  readonly whitelist: boolean;
  /** Reject (instead of strip) properties without decorators. Default `true`. */
  readonly forbidNonWhitelisted: boolean;
  /** Reject objects of unknown classes. Default `true`. */
  readonly forbidUnknownValues: boolean;
  /** Stop at the first failing constraint of each property. Default `false`: every error is reported. */
  readonly stopAtFirstError: boolean;
  /** Extra class-transformer options for `plainToInstance`. */
  readonly transform?: ClassTransformOptions;
  /**
   * Validate DTOs with a function compiled at boot from the class-validator and class-transformer
   * metadata, with results identical to `plainToInstance` + `validateSync`. DTOs it cannot reproduce
   * exactly (`@Transform`, `@Expose`, constraint classes, async constraints, `transform` options...)
   * use class-validator regardless. Default `true`; `false` always uses class-validator.
   */
  readonly compiled: boolean;
}

export const defaultValidationSettings: ValidationSettings = Object.freeze({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
  compiled: true,
});
