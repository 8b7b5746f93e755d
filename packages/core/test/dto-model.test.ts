import 'reflect-metadata';
import { Exclude, Expose, Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import t from 'tap';
import { Controller, Post, Body } from '../src/index.js';
import { buildDefinition } from '../src/definition/definition-builder.js';
import { describeDto } from '../src/dto/describe-dto.js';
import { assertServable, nestedClosure, usesAsyncConstraints } from '../src/dto/dto-graph.js';

class Address {
  @IsString() city!: string;
}
class Base {
  @IsString() id!: string;
}
class Person extends Base {
  @IsString({ groups: ['admin'] }) @IsOptional() name?: string;
  @Expose({ name: 'years' }) @IsInt() age!: number;
  @Exclude() @IsString() secret!: string;
  @ValidateNested() @Type(() => Address) address!: Address;
  @IsString({ each: true }) tags: Set<string> = new Set();
  @Type(() => Date) seenAt?: Date;
}

t.test('a DTO is described once, frozen, with every fact the consumers read', async (t) => {
  const model = describeDto(Person);
  t.equal(describeDto(Person), model, 'the same model every time');
  t.ok(Object.isFrozen(model) && Object.isFrozen(model.metadatas), 'frozen');
  t.equal(model.validated, true);
  t.strictSame([...model.properties.keys()], ['id', 'name', 'age', 'secret', 'address', 'tags', 'seenAt']);
  t.strictSame(model.validatedNames, ['name', 'age', 'secret', 'address', 'tags', 'id']);
  t.strictSame(model.chain, [Person, Base]);
  const props = model.properties;
  t.strictSame(
    props.get('name')?.metadatas.map((meta) => [meta.type, meta.name, meta.groups]),
    [
      ['conditionalValidation', 'isOptional', []],
      ['customValidation', 'isString', ['admin']],
    ],
    'constraints with their groups, in class-validator order',
  );
  t.equal(props.get('tags')?.metadatas[0]?.each, true, 'each');
  t.equal(props.get('age')?.wireName, 'years', '@Expose({ name })');
  t.equal(props.get('age')?.design, Number, 'design type');
  t.equal(props.get('secret')?.hidden, true, '@Exclude()');
  t.equal(props.get('address')?.declaredType, Address, '@Type');
  t.strictSame(props.get('address')?.buildableTypes, [Address]);
  t.equal(props.get('tags')?.collection, 'Set', 'a Set default');
  t.strictSame(props.get('seenAt')?.metadatas, [], 'known to class-transformer only');
  t.strictSame(props.get('seenAt')?.implicitPlainTarget, { key: 'seenAt', type: Date });
  t.strictSame(props.get('id')?.plainTarget, { key: 'id', type: undefined });
  t.strictSame(props.get('id')?.implicitPlainTarget, { key: 'id', type: String });
  t.equal(model.own.markers, true, '@Expose / @Exclude on the class');
  t.strictSame(model.reservedNames, []);
  t.strictSame(
    nestedClosure(Person).models.map((each) => each.type),
    [Person, Address],
  );
});

function IsSlow(options?: ValidationOptions) {
  return (object: object, propertyName: string): void =>
    registerDecorator({
      name: 'isSlow',
      async: true,
      target: object.constructor,
      propertyName,
      options,
      validator: { validate: async () => true },
    });
}
class SlowLeaf {
  @IsSlow() value!: string;
}
class SlowRoot {
  @ValidateNested() @Type(() => SlowLeaf) leaf!: SlowLeaf;
}
class PerValue {
  @ValidateNested() @Type((options) => (options?.object ? Address : Base)) item!: Address;
}

t.test('async detection follows nesting, and a per-value @Type counts as async', async (t) => {
  t.equal(usesAsyncConstraints(Address), false);
  t.equal(describeDto(SlowLeaf).ownAsync, true);
  t.equal(describeDto(SlowRoot).ownAsync, false);
  t.equal(usesAsyncConstraints(SlowRoot), true, 'through @ValidateNested');
  t.equal(usesAsyncConstraints(PerValue), true, 'cannot be searched at boot');
});

t.test(
  'a property named like an Object.prototype member is described, and refused where validated',
  async (t) => {
    class Odd {
      @IsString() name!: string;
    }
    IsString()(Odd.prototype, 'toString');
    const model = describeDto(Odd);
    t.strictSame(model.reservedNames, ['toString']);
    t.equal(model.grouped, undefined, 'class-validator cannot group it');
    t.ok(model.properties.has('toString'), 'still documented');
    t.throws(() => assertServable(Odd), { code: 'HALYARD_ERR_DTO_RESERVED_PROPERTY' });
  },
);

t.test('the app definition carries the model of every DTO and of the classes nested in it', async (t) => {
  @Controller('/p')
  class People {
    @Post('/') create(@Body() body: Person): string {
      return body.id;
    }
  }
  const definition = buildDefinition([People]);
  t.strictSame([...definition.dtoModels.keys()], [Person, Address]);
  t.equal(definition.dtoModels.get(Person), describeDto(Person), 'the same frozen model');
  t.ok(Object.isFrozen(definition));
});
