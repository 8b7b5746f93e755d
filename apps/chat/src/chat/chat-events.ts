import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';

/** The hub room that holds the sockets of a chat room. */
export function roomChannel(roomId: string): string {
  return `room:${roomId}`;
}

export class JoinQuery {
  @IsString() @Length(1, 40) name!: string;
}

export class SendDto {
  @IsString() @Length(1, 2000) text!: string;
  /**
   * A key the client generates once per message: the client re-sends a request that was in flight
   * when the connection dropped, and the same `clientId` from the same author returns the message
   * stored the first time instead of storing it twice.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'clientId must be 8-64 letters, digits, _ or -' })
  clientId?: string;
}

export class TypingDto {
  @IsBoolean() typing!: boolean;
}

export class TypingEvent {
  @IsString() connectionId!: string;
  @IsString() name!: string;
  @IsBoolean() typing!: boolean;
}

export class MemberDto {
  @IsString() id!: string;
  @IsString() name!: string;
}

export class KickDto {
  /** The member's connection id (`members` lists them). */
  @IsString() @Length(1, 64) connectionId!: string;
}
