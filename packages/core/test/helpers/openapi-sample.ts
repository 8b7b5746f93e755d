/**
 * The sample app the OpenAPI generator tests document: rooms (query, header and body DTOs, guards,
 * examples, a deprecated route), orgs (path DTOs) and a health check, plus `generate` for a
 * document of any controller list and the response shapes the document repeats.
 */
import 'reflect-metadata';
import { Expose, Type } from 'class-transformer';
import {
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
} from 'class-validator';
import {
  Body,
  buildDefinition,
  Controller,
  Delete,
  Deprecated,
  Description,
  Example,
  Get,
  Headers,
  OperationId,
  Param,
  Post,
  Query,
  Returns,
  Summary,
  Tags,
  UseGuards,
} from '../../src/index.js';
import type { Class, Guard } from '../../src/index.js';
import { generateOpenApi, type OpenApiDocument } from '../../src/openapi/openapi-generator.js';

enum RoomKind {
  Public = 'public',
  Private = 'private',
}

class RoomDto {
  @IsUUID() id!: string;
  @IsString() @Length(1, 50) name!: string;
  @IsEnum(RoomKind) kind!: RoomKind;
  @IsOptional() @IsString() topic?: string;
}
class CreateRoomDto {
  @IsString() @Length(1, 50) name!: string;
  @IsEnum(RoomKind) kind!: RoomKind;
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
}
class ListRoomsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @IsIn(['name', 'created']) sort?: string;
}
class TraceHeaders {
  @Expose({ name: 'x-trace-id' }) @IsString() traceId!: string;
}
class MemberParams {
  @IsString() @MaxLength(39) org!: string;
  @Type(() => Number) @IsInt() id!: number;
  @IsOptional() @IsString() notInPath?: string;
}
export class HealthDto {
  @IsIn(['ok']) status!: string;
}

export class BearerGuard implements Guard {
  static security = { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } as const;
  canActivate(): boolean {
    return true;
  }
}
class ApiKeyGuard implements Guard {
  static security = { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Team key' } as const;
  canActivate(): boolean {
    return true;
  }
}
class AuditGuard implements Guard {
  canActivate(): boolean {
    return true;
  }
}

@Controller('/rooms')
@Tags('rooms')
class RoomsController {
  @Get('/')
  @Summary('List rooms')
  @Returns([RoomDto])
  list(@Query() query: ListRoomsQuery, @Headers('X-Request-Id') requestId: string): RoomDto[] {
    return [query, requestId] as never;
  }

  @Get('/:id')
  @Returns(RoomDto)
  @Returns(String, { status: 200 })
  get(@Param('id') id: string): RoomDto {
    return id as never;
  }

  @Post('/')
  @UseGuards(BearerGuard, ApiKeyGuard, AuditGuard)
  @Tags('admin')
  @Description('Creates a room.')
  @OperationId('createRoom')
  @Example({ name: 'secret', kind: 'private' })
  @Example({ name: 'lobby', kind: 'public', tags: ['general'] }, { name: 'lobby', summary: 'A public lobby' })
  @Returns(RoomDto)
  create(@Body() body: CreateRoomDto, @Headers() headers: TraceHeaders): RoomDto {
    return [body, headers] as never;
  }

  @Delete('/:id')
  @Deprecated()
  @UseGuards(BearerGuard)
  @Returns(null)
  remove(@Param('id') id: number): void {
    void id;
  }
}

@Controller('/orgs')
@Tags('orgs')
class OrgsController {
  @Get('/:org/members/:id(^\\d+)')
  @Returns(null, { status: 200, description: 'The member exists' })
  member(@Param() params: MemberParams): void {
    void params;
  }

  @Get('/:org/repos/:repo')
  @Returns(null, { status: 200 })
  repo(@Param('org') org: string): void {
    void org;
  }
}

@Controller('/health')
export class HealthController {
  @Get('/')
  @Returns(HealthDto)
  check(): HealthDto {
    return { status: 'ok' };
  }
}

export const controllers: Class[] = [RoomsController, OrgsController, HealthController];
export const info = { title: 'Chat API', version: '1.2.3', description: 'Rooms and members.' };
export const generate = (list: readonly Class[] = controllers): OpenApiDocument =>
  generateOpenApi(buildDefinition(list), {
    info,
    servers: [{ url: 'https://chat.example', description: 'prod' }],
  });

export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
export const json = (schema: Record<string, unknown>) => ({ 'application/json': { schema } });
