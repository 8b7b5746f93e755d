import {
  Body,
  Controller,
  Description,
  Post,
  Returns,
  Summary,
  Tags,
  UnauthorizedError,
} from '@halyard/core';
import { ChatAuthConfig } from './chat-auth-config.js';
import { ChatTokens } from './chat-tokens.js';
import { LoginDto, SessionDto } from './auth-dtos.js';

@Controller('/api/login')
@Tags('auth')
export class LoginController {
  constructor(
    private readonly tokens: ChatTokens,
    private readonly config: ChatAuthConfig,
  ) {}

  @Post('/')
  @Summary('Log in')
  @Description(
    'Issues a short-lived signed session token for the name. The page calls it again for every ' +
      'new token (its `auth` provider): before the socket opens and when the socket warns `$expiring`.',
  )
  @Returns(SessionDto, { status: 201 })
  login(@Body() body: LoginDto): SessionDto {
    const moderator = body.moderatorKey !== undefined;
    if (moderator && body.moderatorKey !== this.config.moderatorKey)
      throw new UnauthorizedError('Wrong moderator key');
    const role = moderator ? 'moderator' : 'member';
    const { token, expiresAt } = this.tokens.issue({ name: body.name, role });
    return { token, expiresAt: new Date(expiresAt), name: body.name, role };
  }
}
