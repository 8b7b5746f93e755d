import type { ClassTransformOptions } from 'class-transformer';
import { HalyardError } from '../errors.js';
import { maxDepthCeiling, type InputBounds } from './input-bounds.js';

/**
 * How DTOs are validated, for HTTP bodies, query, params and headers and for WebSocket messages.
 * Passed as `createApp({ validation })`; every field has a strict default.
 */
export interface ValidationSettings extends InputBounds {
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
  /** Deepest nesting of objects and arrays in validated data, the value itself counting as 1. Default 32, at most 256. */
  readonly maxDepth: number;
  /** Most keys in one object of validated data. Default 1000. */
  readonly maxKeys: number;
  /** Most items in one array of validated data. Default 1000. */
  readonly maxItems: number;
}

export const defaultValidationSettings: ValidationSettings = Object.freeze({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: false,
  compiled: true,
  maxDepth: 32,
  maxKeys: 1000,
  maxItems: 1000,
});

function checkWhole(name: keyof InputBounds, value: unknown, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max) return;
  const range =
    max === Number.MAX_SAFE_INTEGER ? 'a whole number of at least 1' : `a whole number from 1 to ${max}`;
  throw new HalyardError('HALYARD_ERR_OPTIONS_INVALID', {
    detail: `validation.${name} must be ${range}, got ${String(value)}`,
  });
}

/**
 * `createApp({ validation })` over the defaults, with the bounds checked at boot.
 *
 * @example resolveValidationSettings({ maxDepth: 8 }).maxKeys; // 1000
 */
export function resolveValidationSettings(given: Partial<ValidationSettings> = {}): ValidationSettings {
  const settings: ValidationSettings = { ...defaultValidationSettings, ...given };
  checkWhole('maxDepth', settings.maxDepth, maxDepthCeiling);
  checkWhole('maxKeys', settings.maxKeys);
  checkWhole('maxItems', settings.maxItems);
  return settings;
}
