/**
 * The live app the fuzz suites attack: a few DTO routes covering both validation paths (compiled,
 * and class-transformer + class-validator for `@Transform` and discriminators), nested and array
 * DTOs, text sources (query, path), a multi-message and a single-message socket, and a bystander
 * socket whose service is measured while the others are attacked. Logs go to a capture at info.
 */
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDate,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  Body,
  Controller,
  createApp,
  Get,
  Message,
  OnMessage,
  Param,
  Post,
  Query,
  WebSocket,
} from '../../src/index.js';
import { logLines, type LogLine } from '../helpers/logged-app.js';
import { Shape, shapeDiscriminator } from '../fixtures/shape-dtos.js';

class Address {
  @IsString() @Length(1, 40) city!: string;
  @IsOptional() @IsInt() @Min(0) zip?: number;
}

export class Profile {
  @IsString() @Length(1, 40) name!: string;
  @IsOptional() @IsInt() @Min(0) @Max(150) age?: number;
  @IsOptional() @IsObject() meta?: Record<string, unknown>;
  @IsOptional() @IsArray() @IsString({ each: true }) @ArrayMaxSize(20) tags?: string[];
  @IsOptional() @ValidateNested() @Type(() => Address) address?: Address;
}

class Item {
  @IsString() @MaxLength(20) sku!: string;
  @IsInt() @Min(1) qty!: number;
}

export class Order {
  @IsString() id!: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => Shape, shapeDiscriminator)
  shapes?: Shape[];
  @IsOptional() @ValidateNested() @Type(() => Shape, shapeDiscriminator) badge?: Shape;
  @IsOptional() @IsBoolean() gift?: boolean;
}

/** `@Transform` keeps this DTO on the class-transformer + class-validator path. */
export class Note {
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(200)
  text!: string;
  @IsOptional() @IsObject() extra?: Record<string, unknown>;
}

export class Search {
  @IsOptional() @IsString() q?: string;
  @IsOptional() @IsInt() @Min(0) @Max(100) limit?: number;
  @IsOptional() @IsBoolean() exact?: boolean;
  @IsOptional() @IsDate() since?: Date;
  @IsOptional() @IsIn(['asc', 'desc']) sort?: string;
}

class ItemParams {
  @IsInt() @Min(1) id!: number;
}

@Controller('/fuzz')
class FuzzController {
  @Post('/profiles') profile(@Body() profile: Profile): string {
    return profile.name;
  }
  @Post('/orders') order(@Body() order: Order): number {
    return order.items.length;
  }
  @Post('/notes') note(@Body() note: Note): number {
    return note.text.length;
  }
  @Post('/batch') batch(@Body({ type: [Item] }) items: Item[]): number {
    return items.length;
  }
  @Get('/search') search(@Query() query: Search): string {
    return query.q ?? '';
  }
  @Get('/items/:id') item(@Param() params: ItemParams, @Query('page') page: number): number {
    return params.id + (page || 0);
  }
}

/**
 * No rate limit: the suite checks that every frame with an id is answered exactly once. 1 MB frames,
 * like the default HTTP `bodyLimit`, so that the widest hostile shapes are validated, not refused.
 */
@WebSocket('/fuzz/ws', { rateLimit: false, maxPayload: 1_048_576 })
class FuzzSocket {
  @OnMessage('profile') profile(@Message() m: Profile): string {
    return m.name;
  }
  @OnMessage('order') order(@Message() m: Order): number {
    return m.items.length;
  }
  @OnMessage('note') note(@Message() m: Note): number {
    return m.text.length;
  }
  @OnMessage('tick') tick(): string {
    return 'tock';
  }
  @OnMessage('quiet', { reply: null }) quiet(@Message() m: Item): void {
    void m;
  }
}

class Echo {
  @IsString() @MaxLength(100) text!: string;
}

@Controller('/fuzz')
class FuzzSingle {
  @WebSocket('/single', { rateLimit: false, maxPayload: 1_048_576 })
  single(@Message() m: Profile): string {
    return m.name;
  }
}

@WebSocket('/fuzz/bystander', { rateLimit: false })
class BystanderSocket {
  @OnMessage('echo') echo(@Message() m: Echo): Echo {
    return m;
  }
}

/** Field names of every DTO above, so that random objects often hit a declared property. */
export const declaredFields = [
  'name',
  'age',
  'meta',
  'tags',
  'address',
  'city',
  'zip',
  'id',
  'items',
  'sku',
  'qty',
  'shapes',
  'badge',
  'kind',
  'r',
  'side',
  'gift',
  'text',
  'extra',
] as const;

export const restBodyRoutes = ['/fuzz/profiles', '/fuzz/orders', '/fuzz/notes', '/fuzz/batch'] as const;
export const socketTypes = ['profile', 'order', 'note', 'tick', 'quiet'] as const;
export const searchFields = ['q', 'limit', 'exact', 'since', 'sort', 'page'] as const;

export type FuzzApp = Awaited<ReturnType<typeof createApp>>;

export async function createFuzzApp(): Promise<{ app: FuzzApp; logs: LogLine[]; port: number }> {
  const { lines: logs, stream } = logLines();
  const app = await createApp({
    controllers: [FuzzController, FuzzSocket, FuzzSingle, BystanderSocket],
    docs: false,
    fastify: { logger: { level: 'info', stream } },
    websocket: { heartbeat: { intervalMs: 60_000 } },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening on a TCP port');
  return { app, logs, port: address.port };
}
