import { StreamPositionDto } from '@halyard/core';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

export class CreateRoomDto {
  /** Lower-case slug, used in URLs and socket paths. */
  @Matches(/^[a-z0-9-]{2,32}$/, { message: 'id must be 2-32 lower-case letters, digits or dashes' })
  id!: string;

  @IsString() @Length(1, 60) title!: string;

  @IsOptional() @IsString() @Length(0, 200) topic?: string;

  /** Only invited members may read, post or join; needs a session (`Authorization: Bearer`). */
  @IsOptional() @IsBoolean() private?: boolean;
}

export class InviteDto {
  /** The name the invited user logs in with. */
  @IsString() @Length(1, 40) name!: string;
}

export class RoomDto {
  @IsString() id!: string;
  @IsString() title!: string;
  @IsString() topic!: string;
  /** Members only; listed only to them. */
  @IsBoolean() private!: boolean;
  @IsInt() @Min(0) messageCount!: number;
  @Type(() => Date) createdAt!: Date;
}

export class PostMessageDto {
  @IsString() @Length(1, 40) author!: string;
  @IsString() @Length(1, 2000) text!: string;
}

export class MessageDto {
  @IsUUID() id!: string;
  @IsString() roomId!: string;
  @IsString() author!: string;
  @IsString() text!: string;
  @IsIn(['user', 'system']) kind!: 'user' | 'system';
  @Type(() => Date) sentAt!: Date;
}

/**
 * A page of history and the room's position, read before the messages: the page subscribes from
 * it (`client.resumeFrom`), so what is pushed afterwards arrives over the socket, once.
 */
export class HistoryPage {
  @ValidateNested({ each: true }) @Type(() => MessageDto) messages!: MessageDto[];
  @ValidateNested() @Type(() => StreamPositionDto) position!: StreamPositionDto;
}

export class HistoryQuery {
  @IsOptional() @IsInt() @Min(1) @Max(200) limit?: number;
  /** Only messages sent before this message id. */
  @IsOptional() @IsUUID() before?: string;
}
