import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

export class LoginDto {
  /** The display name. This demo trusts it; a real app checks a password or an SSO session here. */
  @IsString() @Length(1, 40) name!: string;
  /** The moderator key (`CHAT_MODERATOR_KEY`): with it the token carries the moderator role. */
  @IsOptional() @IsString() @Length(1, 200) moderatorKey?: string;
}

export class SessionDto {
  /** Send it as `Authorization: Bearer <token>` over REST and as `?token=` on a socket. */
  @IsString() token!: string;
  @Type(() => Date) expiresAt!: Date;
  @IsString() name!: string;
  @IsIn(['member', 'moderator']) role!: 'member' | 'moderator';
}
