import { IsInt, Matches, Max, Min } from 'class-validator';
import type { StreamPosition } from './broadcast-adapter.js';

/**
 * A stream room's position as a DTO, so a REST response that hands it to the client (the
 * hand-off in docs/delivery.md) has it typed in the OpenAPI document and in the generated client:
 * `offset` an integer from 0, `epoch` 1-64 letters and digits (what `hub.position` returns).
 *
 * @example
 * ```ts
 * class HistoryPage {
 *   @ValidateNested({ each: true }) @Type(() => MessageDto) messages!: MessageDto[];
 *   @ValidateNested() @Type(() => StreamPositionDto) position!: StreamPositionDto;
 * }
 * ```
 */
export class StreamPositionDto implements StreamPosition {
  /** The offset of the room's last message when the position was read; 0 before the first. */
  @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) offset!: number;

  /** Changes whenever the server lost the room's log; an offset means nothing in another epoch. */
  @Matches(/^[A-Za-z0-9]{1,64}$/) epoch!: string;
}
