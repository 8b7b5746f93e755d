import 'reflect-metadata';
import t from 'tap';
import { IsHexColor, IsInt, IsString, Length, Matches, Min } from 'class-validator';
import {
  Body,
  Controller,
  Emits,
  Example,
  Message,
  OnMessage,
  Post,
  WebSocket,
  buildDefinition,
  createApp,
} from '../src/index.js';
import { generateAsyncApi } from '../src/asyncapi/asyncapi-generator.js';
import { connectSocket } from '../src/testing/index.js';
import { validateWithSpec } from './helpers/asyncapi-validators.js';
import { options } from './fixtures/asyncapi-sample.js';
import { derivedExamples } from './fixtures/asyncapi-refs.js';
import { testBootErrors } from './fixtures/boot-error-cases.js';
import { createQuietApp } from './helpers/logged-app.js';

// AsyncAPI examples: derived only where a valid value can be promised, and checked at boot.

t.test('no derived example where a valid value cannot be promised', async (t) => {
  class Code {
    @Matches(/^[A-Z]{3}-\d{4}$/) code!: string;
  }
  @WebSocket('/codes')
  class CodeSocket {
    @OnMessage('check', { reply: null }) check(@Message() _code: Code): void {}
  }
  const codes = generateAsyncApi(buildDefinition([CodeSocket]), { info: options.info });
  t.notOk('examples' in (codes.components.messages['CodeSocket_check'] ?? {}), 'a pattern: no example');
  t.strictSame(
    codes.components.messages['CodeSocket_check_reply']?.examples,
    derivedExamples({ type: 'reply', id: 'example', to: 'check', data: null }),
  );
  t.strictSame(await validateWithSpec(codes), []);
});

t.test('a derived example for a pattern Halyard writes itself passes the runtime validator', async (t) => {
  class Paint {
    @IsHexColor() color!: string;
  }
  @WebSocket('/paint')
  class PaintSocket {
    @OnMessage('paint', { reply: null }) paint(@Message() _paint: Paint): void {}
  }
  const doc = generateAsyncApi(buildDefinition([PaintSocket]), { info: options.info });
  const example = doc.components.messages['PaintSocket_paint']?.examples?.[0];
  t.strictSame(example?.payload, { type: 'paint', data: { color: '#3366ff' } });
  // The same example sent to a live server is accepted: answered with a null reply, not an error.
  const app = await createQuietApp(t, { controllers: [PaintSocket] });
  const socket = await connectSocket(app, '/paint');
  t.teardown(() => socket.close());
  const reply = await socket.request('paint', (example?.payload as { data: unknown }).data);
  t.strictSame(reply, { type: 'reply', id: 't1', to: 'paint', data: null });
  const wrong = await socket.request('paint', { color: 'example' });
  t.match(
    wrong,
    { type: 'error', id: 't2', error: { code: 'HALYARD_ERR_VALIDATION' } },
    'a made-up one is not',
  );
});

class Note {
  @IsString() @Length(1, 10) text!: string;
}
class NoteSaved {
  @IsInt() @Min(1) id!: number;
}

@WebSocket('/notes-a')
class BadRequestExample {
  @OnMessage('save', { reply: NoteSaved })
  @Example({ text: '' }, { name: 'empty' })
  save(@Message() _note: Note): NoteSaved {
    return { id: 1 };
  }
}

@WebSocket('/notes-b')
class BadReplyExample {
  @OnMessage('save', {
    reply: NoteSaved,
    examples: [{ value: { id: 1 } }, { value: { id: 0, extra: true } }],
  })
  save(@Message() _note: Note): NoteSaved {
    return { id: 1 };
  }
}

@WebSocket('/notes-c')
@Emits('note.saved', NoteSaved, { example: { id: 'one' } })
class BadPushExample {
  @OnMessage('save', { reply: null }) save(@Message() _note: Note): void {}
}

@Controller('/notes')
class BadBodyExample {
  @Post()
  @Example({ text: 'x'.repeat(11) }, { name: 'long' })
  create(@Body() _note: Note): void {}
}

testBootErrors([
  {
    name: 'a message example is checked at boot against its DTO',
    controllers: [BadRequestExample],
    code: 'HALYARD_ERR_EXAMPLE_INVALID',
    message:
      'BadRequestExample.save: @Example "empty" does not match Note: text: text must be longer than or equal to 1 characters',
  },
  {
    name: 'a reply example is checked at boot against its DTO',
    controllers: [BadReplyExample],
    code: 'HALYARD_ERR_EXAMPLE_INVALID',
    message:
      'BadReplyExample.save: @OnMessage(\'save\') reply example "#2" does not match NoteSaved: extra: property extra should not exist; id: id must not be less than 1',
  },
  {
    name: 'a push example is checked at boot against its DTO',
    controllers: [BadPushExample],
    code: 'HALYARD_ERR_EXAMPLE_INVALID',
    message:
      'BadPushExample: @Emits(\'note.saved\') example "example" does not match NoteSaved: id: id must not be less than 1; id: id must be an integer number',
  },
  {
    name: 'a request body example is checked at boot against its DTO',
    controllers: [BadBodyExample],
    code: 'HALYARD_ERR_EXAMPLE_INVALID',
    message:
      'BadBodyExample.create: @Example "long" does not match Note: text: text must be shorter than or equal to 10 characters',
  },
]);

t.test('examples that match the DTO they document boot and are listed', async (t) => {
  @WebSocket('/notes-d')
  @Emits('note.saved', NoteSaved, { example: { id: 2 } })
  class GoodExamples {
    @OnMessage('save', { reply: NoteSaved, example: { id: 1 } })
    @Example({ text: 'hi' })
    save(@Message() _note: Note): NoteSaved {
      return { id: 1 };
    }
  }
  const app = await createApp({ controllers: [GoodExamples], fastify: { logger: false } });
  t.strictSame(app.halyard.asyncapi.components.messages['GoodExamples_push_note_saved']?.examples, [
    { name: 'example', payload: { type: 'note.saved', data: { id: 2 } } },
  ]);
  await app.close();
});
