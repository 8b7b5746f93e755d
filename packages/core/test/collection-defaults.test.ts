import 'reflect-metadata';
import t from 'tap';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { Body, Controller, Post, Returns } from '../src/index.js';
import { createQuietApp } from './helpers/logged-app.js';
import { assertFieldErrors, fieldErrors } from './helpers/problem.js';

class Label {
  @IsString() text!: string;
}

/**
 * class-validator treats a `Set` or `Map` value like an array for `each: true` and for
 * `@ValidateNested()`; in a DTO such values come from class defaults, which stay when the key is absent.
 */
class Tagged {
  @IsString({ each: true }) tags = new Set<string>();
  @IsInt({ each: true }) @Min(1, { each: true }) scores = new Map<string, number>([['a', 1]]);
}

class Labelled {
  @ValidateNested({ each: true }) @Type(() => Label) labels = new Set<Label>([
    Object.assign(new Label(), { text: 'a' }),
  ]);
  @ValidateNested({ each: true }) @Type(() => Label) named = new Map<string, Label>();
}

/** Defaults holding values that fail: the errors name Set elements by index and Map values by key. */
class BadDefaults {
  // Array constraints want an array: class-validator refuses a Set here too.
  @IsOptional() @ArrayMinSize(1) picked = new Set<string>(['x']);
  @IsString({ each: true }) tags = new Set<unknown>(['ok', 5]);
  @Min(1, { each: true }) scores = new Map<string, number>([['low', 0]]);
  @ValidateNested({ each: true }) @Type(() => Label) labels = new Set<unknown>([
    Object.assign(new Label(), { text: 1 }),
  ]);
  @ValidateNested({ each: true }) @Type(() => Label) named = new Map<string, unknown>([['first', 'text']]);
}

@Controller('/tags')
class TagController {
  @Post('/')
  @Returns(String)
  create(@Body() body: Tagged): string {
    return [body.tags, body.scores].map((v) => v.constructor.name).join();
  }

  @Post('/labels')
  @Returns(String)
  labels(@Body() body: Labelled): string {
    return [body.labels, body.named].map((v) => v.constructor.name).join();
  }

  @Post('/bad')
  @Returns(String)
  bad(@Body() body: BadDefaults): string {
    return Object.keys(body).join();
  }
}

for (const compiled of [true, false]) {
  t.test(
    `each: true and @ValidateNested() iterate Set and Map defaults (compiled: ${compiled})`,
    async (t) => {
      const app = await createQuietApp(t, {
        controllers: [TagController],
        validation: { compiled },
      });
      const empty = await app.inject({ method: 'POST', url: '/tags', payload: {} });
      t.strictSame({ status: empty.statusCode, body: empty.body }, { status: 201, body: 'Set,Map' });
      const labels = await app.inject({ method: 'POST', url: '/tags/labels', payload: {} });
      t.strictSame({ status: labels.statusCode, body: labels.body }, { status: 201, body: 'Set,Map' });

      // Sent values replace the defaults: arrays, checked as usual.
      const sent = await app.inject({ method: 'POST', url: '/tags', payload: { tags: ['a', 2] } });
      assertFieldErrors(
        t,
        sent,
        fieldErrors('body', [['tags', 'isString', 'each value in tags must be a string']]),
      );

      const bad = await app.inject({ method: 'POST', url: '/tags/bad', payload: {} });
      assertFieldErrors(
        t,
        bad,
        fieldErrors('body', [
          ['picked', 'arrayMinSize', 'picked must contain at least 1 elements'],
          ['tags', 'isString', 'each value in tags must be a string'],
          ['scores', 'min', 'each value in scores must not be less than 1'],
          ['labels.0.text', 'isString', 'text must be a string'],
          [
            'named.first',
            'nestedValidation',
            'each value in nested property named must be either object or array',
          ],
        ]),
      );
    },
  );
}
