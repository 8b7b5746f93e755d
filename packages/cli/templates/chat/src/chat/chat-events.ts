import { IsBoolean, IsString, Length } from 'class-validator';

/** The hub room that holds the sockets of a chat room. */
export function roomChannel(roomId: string): string {
  return `room:${roomId}`;
}

export class JoinQuery {
  @IsString() @Length(1, 40) name!: string;
}

export class SendDto {
  @IsString() @Length(1, 2000) text!: string;
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
