/**
 * Where the compiled validator gives way to class-transformer + class-validator: the DTOs it cannot
 * reproduce exactly, and the `validation.compiled` setting, seen through the app.
 */
import 'reflect-metadata';
import t from 'tap';
import { Exclude, Expose, Transform, Type } from 'class-transformer';
import {
  IsString,
  Validate,
  ValidateNested,
  ValidatePromise,
  ValidatorConstraint,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { Body, Controller, Post } from '../src/index.js';
import { compileFastDto, compileFastDtoOrReason } from '../src/validation/compiled-validator.js';
import type { Class } from '../src/types.js';
import { defaultValidationSettings } from '../src/validation/validation-settings.js';
import { ChatMessage } from './fixtures/socket-controllers.js';
import { customConstraint } from './helpers/custom-constraint.js';
import { createQuietApp } from './helpers/logged-app.js';
import { fieldErrors } from './helpers/problem.js';

@ValidatorConstraint({ name: 'classBased' })
class ClassBasedConstraint implements ValidatorConstraintInterface {
  calls = 0;
  validate(): boolean {
    return ++this.calls % 2 === 0;
  }
}

class TransformedDto {
  @Transform(({ value }) => String(value).trim()) @IsString() name!: string;
}
class ExposedDto {
  @Expose({ name: 'full_name' }) @IsString() name!: string;
}
class ExcludedDto {
  @IsString() name!: string;
  @Exclude() secret?: string;
}
class Cat {
  @IsString() meow!: string;
}
class DiscriminatedDto {
  @ValidateNested()
  @Type(() => Object, { discriminator: { property: 'kind', subTypes: [{ name: 'cat', value: Cat }] } })
  pet!: Cat;
}
class TypeReadsObjectDto {
  @ValidateNested() @Type((options) => (options?.object ? Cat : Cat)) pet!: Cat;
}
class ConstraintClassDto {
  @Validate(ClassBasedConstraint) name!: string;
}
const IsSlowlyValid = (options?: ValidationOptions) =>
  customConstraint(
    { name: 'isSlowlyValid', async: true, validator: { validate: async () => true } },
    options,
  );
class AsyncDto {
  @IsSlowlyValid() name!: string;
}
class AsyncNestedDto {
  @ValidateNested() @Type(() => AsyncDto) inner!: AsyncDto;
}
class PromiseDto {
  @ValidatePromise() @IsString() name!: Promise<string>;
}
class MapDto {
  @ValidateNested({ each: true }) @Type(() => Cat) cats!: Map<string, Cat>;
}
class CatList extends Array<Cat> {
  @IsString() owner!: string;
}

t.test('DTOs the compiler cannot reproduce exactly fall back', async (t) => {
  const declined: Array<[Class, RegExp]> = [
    [TransformedDto, /@Transform/],
    [ExposedDto, /@Expose/],
    [ExcludedDto, /@Exclude/],
    [DiscriminatedDto, /discriminator/],
    [TypeReadsObjectDto, /function reads its options/],
    [ConstraintClassDto, /constraint class ClassBasedConstraint/],
    [AsyncNestedDto, /async constraint isSlowlyValid/],
    [PromiseDto, /@ValidatePromise/],
    [MapDto, /Map or Set/],
    [CatList, /extends the built-in Array/],
  ];
  for (const [dto, reason] of declined) {
    t.equal(compileFastDto(dto, 'body', defaultValidationSettings), undefined, `${dto.name} is declined`);
    t.match(compileFastDtoOrReason(dto, 'body', defaultValidationSettings), reason);
  }
  const withTransform = { ...defaultValidationSettings, transform: { excludePrefixes: ['_'] } };
  t.equal(compileFastDto(ChatMessage, 'body', withTransform), undefined, 'settings.transform declines');
});

/** Records whether class-validator's executor is on the stack when the constraint runs. */
const seenBy: string[] = [];
const RecordsCaller = (options?: ValidationOptions) =>
  customConstraint(
    {
      name: 'recordsCaller',
      validator: {
        validate: () => {
          seenBy.push(new Error().stack?.includes('ValidationExecutor') ? 'class-validator' : 'compiled');
          return true;
        },
      },
    },
    options,
  );

class ProbeDto {
  @IsString() @RecordsCaller() name!: string;
}

@Controller('/probe')
class ProbeController {
  @Post('/')
  create(@Body() body: ProbeDto): string {
    return `${body.constructor.name}:${body.name}`;
  }
}

t.test('validation.compiled selects the path; both answer the same', async (t) => {
  for (const compiled of [true, false]) {
    seenBy.length = 0;
    const app = await createQuietApp(t, {
      controllers: [ProbeController],
      validation: { compiled },
    });
    const good = await app.inject({ method: 'POST', url: '/probe', payload: { name: 'x' } });
    t.equal(good.body, 'ProbeDto:x');
    const bad = await app.inject({ method: 'POST', url: '/probe', payload: { name: 1, more: 2 } });
    t.strictSame(
      bad.json().errors,
      fieldErrors('body', [
        ['more', 'whitelistValidation', 'property more should not exist'],
        ['name', 'isString', 'name must be a string'],
      ]),
    );
    t.strictSame(seenBy, compiled ? ['compiled', 'compiled'] : ['class-validator', 'class-validator']);
  }
});
