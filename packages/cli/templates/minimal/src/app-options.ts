import 'reflect-metadata';
import type { CreateAppOptions } from '@halyard/core';
import { docsUi } from '@halyard/docs-ui';
import { EchoSocket } from './echo/echo.controller.js';
import { NotesController } from './notes/notes.controller.js';
import { NotesStore } from './notes/notes.store.js';
// halyard:imports (`halyard generate` adds its imports above this line)

/**
 * What the app is made of. `app.ts` creates the app from it; `halyard docs` builds the OpenAPI and
 * AsyncAPI documents from it without starting a server.
 */
export const appOptions = {
  controllers: [/* halyard:controllers */ NotesController, EchoSocket],
  providers: [NotesStore],
  docs: {
    title: '{{name}}',
    version: '0.1.0',
    description: 'Notes over REST, an echo over WebSocket.',
    ui: docsUi(),
  },
} satisfies CreateAppOptions;
