import type { Names } from './naming.js';

export interface ControllerKinds {
  readonly rest: boolean;
  readonly ws: boolean;
}

/** The classes a controller file exports, in registration order. */
export function controllerClasses(names: Names, kinds: ControllerKinds): string[] {
  return [
    ...(kinds.rest ? [`${names.pascal}Controller`] : []),
    ...(kinds.ws ? [`${names.pascal}Socket`] : []),
  ];
}

const lines = (...parts: ReadonlyArray<string | false>): string =>
  `${parts.filter((part): part is string => part !== false).join('\n')}\n`;

/** `src/<kebab>/<kebab>.dto.ts` of a controller. */
export function controllerDtoSource(names: Names, kinds: ControllerKinds): string {
  const { singularPascal: one, pascal } = names;
  return lines(
    "import { Type } from 'class-transformer';",
    `import { ${kinds.rest ? 'IsInt, IsOptional, IsString, Length, Min' : 'IsString, Length'} } from 'class-validator';`,
    kinds.rest &&
      lines(
        '',
        `/** The body of \`POST /api/${names.kebab}\`. */`,
        `export class Create${one}Dto {`,
        '  @IsString() @Length(1, 100) name!: string;',
        '',
        '  @IsOptional() @IsString() @Length(0, 500) description?: string;',
        '}',
        '',
        `/** A stored ${names.singularKebab.replace(/-/g, ' ')}, as every route returns it. */`,
        `export class ${one}Dto {`,
        '  @IsInt() @Min(1) id!: number;',
        '  @IsString() name!: string;',
        '  @IsString() description!: string;',
        '  @Type(() => Date) createdAt!: Date;',
        '}',
      ).trimEnd(),
    kinds.ws &&
      lines(
        '',
        `/** A \`ping\` message on \`/ws/${names.kebab}\`: \`{ "type": "ping", "id": 1, "data": { "text": "hi" } }\`. */`,
        `export class ${pascal}PingDto {`,
        '  @IsString() @Length(1, 200) text!: string;',
        '}',
        '',
        '/** The reply to `ping`. */',
        `export class ${pascal}PongDto {`,
        '  @IsString() text!: string;',
        '  @Type(() => Date) receivedAt!: Date;',
        '}',
      ).trimEnd(),
  );
}

/** `src/<kebab>/<kebab>.controller.ts`: the REST controller and/or the WebSocket controller. */
export function controllerSource(names: Names, kinds: ControllerKinds): string {
  const { kebab, pascal, singularPascal: one, singularKebab } = names;
  const both = kinds.rest && kinds.ws;
  const coreImports = [
    ...(kinds.rest ? ['Body', 'Controller', 'Get', 'NotFoundError', 'Param', 'Post', 'Returns'] : []),
    ...(both ? ['Conn', 'Connection', 'Emits', 'Hub', 'OnConnect'] : []),
    ...(kinds.ws ? ['Message', 'OnMessage', 'WebSocket'] : []),
    'Summary',
    'Tags',
  ].sort((a, b) => a.localeCompare(b));
  const dtos = [
    ...(kinds.rest ? [`Create${one}Dto`, `${one}Dto`] : []),
    ...(kinds.ws ? [`${pascal}PingDto`, `${pascal}PongDto`] : []),
  ];
  return lines(
    `import {\n${coreImports.map((name) => `  ${name},`).join('\n')}\n} from '@halyard/core';`,
    `import { ${dtos.join(', ')} } from './${kebab}.dto.js';`,
    both && `\n/** The hub room of every socket connected to \`/ws/${kebab}\`. */\nconst room = '${kebab}';`,
    kinds.rest &&
      lines(
        '',
        `@Controller('/api/${kebab}')`,
        `@Tags('${kebab}')`,
        `export class ${pascal}Controller {`,
        `  readonly #items = new Map<number, ${one}Dto>();`,
        both && '\n  constructor(private readonly hub: Hub) {}',
        '',
        "  @Get('/')",
        `  @Summary('List ${kebab}')`,
        `  @Returns([${one}Dto])`,
        `  list(): ${one}Dto[] {`,
        '    return [...this.#items.values()];',
        '  }',
        '',
        "  @Get('/:id')",
        `  @Summary('Get one of the ${kebab}')`,
        `  get(@Param('id') id: number): ${one}Dto {`,
        '    const item = this.#items.get(id);',
        `    if (!item) throw new NotFoundError(\`${one} \${id} not found\`);`,
        '    return item;',
        '  }',
        '',
        "  @Post('/')",
        `  @Summary('Create one of the ${kebab}')`,
        both && `  @Returns(${one}Dto) // a Promise<T> return type erases T`,
        both
          ? `  async create(@Body() body: Create${one}Dto): Promise<${one}Dto> {`
          : `  create(@Body() body: Create${one}Dto): ${one}Dto {`,
        `    const item: ${one}Dto = {`,
        '      id: this.#items.size + 1,',
        '      name: body.name,',
        "      description: body.description ?? '',",
        '      createdAt: new Date(),',
        '    };',
        '    this.#items.set(item.id, item);',
        both && `    await this.hub.toRoom(room, '${singularKebab}.created', item);`,
        '    return item;',
        '  }',
        '}',
      ).trimEnd(),
    kinds.ws &&
      lines(
        '',
        `/** The WebSocket at \`/ws/${kebab}\`${both ? `: answers \`ping\` and pushes \`${singularKebab}.created\`` : ': answers `ping`'}. */`,
        `@WebSocket('/ws/${kebab}')`,
        `@Tags('${kebab}')`,
        `@Summary('${pascal} socket')`,
        both && `@Emits('${singularKebab}.created', ${one}Dto, { summary: 'Created over REST' })`,
        `export class ${pascal}Socket {`,
        both &&
          lines(
            '  @OnConnect()',
            '  async join(@Conn() conn: Connection): Promise<void> {',
            '    await conn.join(room);',
            '  }',
            '',
          ).trimEnd(),
        both && '',
        "  @OnMessage('ping')",
        "  @Summary('Answer with the same text')",
        `  ping(@Message() message: ${pascal}PingDto): ${pascal}PongDto {`,
        '    return { text: message.text, receivedAt: new Date() };',
        '  }',
        '}',
      ).trimEnd(),
  );
}

/** `test/<kebab>.test.ts`: the routes through `inject()`, the socket through a real client. */
export function controllerTestSource(names: Names, kinds: ControllerKinds): string {
  const { kebab, singularKebab } = names;
  const classes = controllerClasses(names, kinds);
  const createApp = `  const app = await createApp({ controllers: [${classes.join(', ')}], fastify: { logger: false } });`;
  const blocks = [
    lines(
      "import 'reflect-metadata';",
      "import t from 'tap';",
      "import { createApp } from '@halyard/core';",
      kinds.ws && "import { connectSocket } from '@halyard/core/testing';",
      `import { ${classes.join(', ')} } from '../src/${kebab}/${kebab}.controller.js';`,
    ),
    kinds.rest &&
      lines(
        `t.test('${kebab} over REST: create, list, get, not found, validation', async (t) => {`,
        createApp,
        '  t.teardown(() => app.close());',
        `  t.strictSame((await app.inject({ url: '/api/${kebab}' })).json(), []);`,
        '',
        `  const created = await app.inject({ method: 'POST', url: '/api/${kebab}', payload: { name: 'First' } });`,
        '  t.equal(created.statusCode, 201);',
        "  t.match(created.json(), { id: 1, name: 'First', description: '' });",
        '',
        `  t.equal((await app.inject({ url: '/api/${kebab}' })).json().length, 1);`,
        `  t.equal((await app.inject({ url: '/api/${kebab}/1' })).json().name, 'First');`,
        `  t.equal((await app.inject({ url: '/api/${kebab}/2' })).statusCode, 404);`,
        '',
        `  const invalid = await app.inject({ method: 'POST', url: '/api/${kebab}', payload: { name: '' } });`,
        '  t.equal(invalid.statusCode, 400);',
        "  t.strictSame(invalid.json().errors.map((error: { path: string }) => error.path), ['name']);",
        '});',
      ),
    kinds.ws &&
      lines(
        `t.test('${kebab} socket: ping is answered, an invalid ping gets an error frame', async (t) => {`,
        createApp,
        '  t.teardown(() => app.close());',
        `  const socket = await connectSocket(app, '/ws/${kebab}');`,
        '',
        "  const reply = await socket.request('ping', { text: 'hi' });",
        "  t.equal(reply.type, 'reply');",
        "  t.match(reply.data, { text: 'hi' });",
        '',
        "  const invalid = await socket.request('ping', { text: '' });",
        "  t.equal(invalid.error?.code, 'HALYARD_ERR_VALIDATION');",
        kinds.rest && '',
        kinds.rest &&
          `  await app.inject({ method: 'POST', url: '/api/${kebab}', payload: { name: 'Pushed' } });`,
        kinds.rest &&
          `  t.match((await socket.nextPush('${singularKebab}.created')).data, { name: 'Pushed' });`,
        '  await socket.close();',
        '});',
      ),
  ];
  return blocks.filter((block): block is string => block !== false).join('\n');
}
