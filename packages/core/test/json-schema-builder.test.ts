import 'reflect-metadata';
import t from 'tap';
import { Exclude, Expose, Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDate,
  IsDateString,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  IsHexColor,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { SchemaRegistry, type JsonSchema } from '../src/schema/json-schema-builder.js';
import { componentOf, registry } from './helpers/schema-component.js';

enum Color {
  Red = 'red',
  Blue = 'blue',
}
enum Level {
  Low,
  High = 5,
}

class Scalars {
  @IsString() text!: string;
  @IsInt() count!: number;
  @IsNumber() ratio!: number;
  @IsBoolean() flag!: boolean;
  @IsNumber() @IsInt() whole!: number;
}

t.test('scalar types, required by default', async (t) => {
  t.strictSame(componentOf(Scalars), {
    title: 'Scalars',
    type: 'object',
    properties: {
      text: { type: 'string' },
      count: { type: 'integer' },
      ratio: { type: 'number' },
      flag: { type: 'boolean' },
      whole: { type: 'integer' },
    },
    required: ['text', 'count', 'ratio', 'flag', 'whole'],
    additionalProperties: false,
  });
});

class Optionals {
  @IsOptional() @IsString() nickname?: string;
  @ValidateIf((o: Optionals) => o.nickname !== undefined) @IsString() reason?: string;
  @IsString() name!: string;
}

t.test('@IsOptional and @ValidateIf make a property optional', async (t) => {
  const schema = componentOf(Optionals);
  t.strictSame(schema['required'], ['name']);
  t.strictSame(schema['properties'], {
    nickname: { type: 'string' },
    reason: { type: 'string' },
    name: { type: 'string' },
  });
});

class Strings {
  @IsString() @Length(2, 20) name!: string;
  @IsString() @MinLength(3) @MaxLength(8) code!: string;
  @IsString() @Length(1, 30) @MinLength(4) @MaxLength(10) tightest!: string;
  @IsNotEmpty() @IsString() title!: string;
  @IsNotEmpty() @MinLength(5) @IsString() long!: string;
  @Matches(/^[a-z]+$/i) slug!: string;
  @Matches('^\\d{3}$') digits!: string;
  @IsHexColor() color!: string;
}

t.test('lengths, non-empty strings and patterns', async (t) => {
  t.strictSame(componentOf(Strings)['properties'], {
    name: { type: 'string', minLength: 2, maxLength: 20 },
    code: { type: 'string', minLength: 3, maxLength: 8 },
    tightest: { type: 'string', minLength: 4, maxLength: 10 },
    title: { type: 'string', minLength: 1 },
    long: { type: 'string', minLength: 5 },
    // JSON Schema has no flags: the source is kept, the `i` is dropped.
    slug: { type: 'string', pattern: '^[a-z]+$' },
    digits: { type: 'string', pattern: '^\\d{3}$' },
    // validator.js's /^#?([0-9A-F]{3}|[0-9A-F]{4}|[0-9A-F]{6}|[0-9A-F]{8})$/i without the flag
    color: { type: 'string', pattern: '^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$' },
  });
});

class Ranges {
  @IsInt() @Min(1) @Max(100) percent!: number;
  @IsNumber() @IsPositive() price!: number;
  @Min(0) untypedButNumber!: number;
}

t.test('ranges', async (t) => {
  t.strictSame(componentOf(Ranges)['properties'], {
    percent: { type: 'integer', minimum: 1, maximum: 100 },
    price: { type: 'number', exclusiveMinimum: 0 },
    untypedButNumber: { type: 'number', minimum: 0 },
  });
});

class Formats {
  @IsEmail() email!: string;
  @IsUUID('4') id!: string;
  @IsUrl() homepage!: string;
  @IsDateString() createdAt!: string;
  @IsISO8601() updatedAt!: string;
  @IsDate() @Type(() => Date) bornAt!: Date;
  @IsOptional() plainDate?: Date;
}

t.test('string formats', async (t) => {
  t.strictSame(componentOf(Formats)['properties'], {
    email: { type: 'string', format: 'email' },
    id: { type: 'string', format: 'uuid' },
    homepage: { type: 'string', format: 'uri' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    bornAt: { type: 'string', format: 'date-time' },
    plainDate: { type: 'string', format: 'date-time' },
  });
});

class Enums {
  @IsEnum(Color) color!: Color;
  @IsEnum(Level) level!: Level;
  @IsEnum({ Yes: true, No: false }) answer!: boolean;
  @IsIn(['asc', 'desc']) order!: string;
  @IsIn([1, 2.5]) mixedNumbers!: number;
  @IsIn(['a', 1]) mixed!: string | number;
  @IsEnum(Color, { each: true }) palette!: Color[];
}

t.test('enums: string, numeric (no reverse mappings), object, @IsIn', async (t) => {
  t.strictSame(componentOf(Enums)['properties'], {
    color: { type: 'string', enum: ['red', 'blue'] },
    level: { type: 'integer', enum: [0, 5] },
    answer: { type: 'boolean', enum: [true, false] },
    order: { type: 'string', enum: ['asc', 'desc'] },
    mixedNumbers: { type: 'number', enum: [1, 2.5] },
    mixed: { enum: ['a', 1] },
    palette: { type: 'array', items: { type: 'string', enum: ['red', 'blue'] } },
  });
});

class Address {
  @IsString() street!: string;
  @IsOptional() @IsString() city?: string;
}
class Person {
  @ValidateNested() @Type(() => Address) home!: Address;
  @IsOptional() @ValidateNested() work?: Address;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => Address)
  previous!: Address[];
  @ArrayNotEmpty() @IsInt({ each: true }) @Min(1, { each: true }) ids!: number[];
  @IsString({ each: true }) @MaxLength(5, { each: true }) tags!: string[];
  @IsArray() untyped!: unknown[];
}

t.test('nested DTOs and arrays become $refs and items', async (t) => {
  const reg = registry();
  t.strictSame(reg.refFor(Person), { $ref: '#/components/schemas/Person' });
  const components = reg.components();
  t.strictSame(Object.keys(components), ['Address', 'Person']);
  t.strictSame(components['Person'], {
    title: 'Person',
    type: 'object',
    properties: {
      home: { $ref: '#/components/schemas/Address' },
      work: { $ref: '#/components/schemas/Address' },
      previous: { type: 'array', items: { $ref: '#/components/schemas/Address' }, minItems: 1, maxItems: 3 },
      ids: { type: 'array', items: { type: 'integer', minimum: 1 }, minItems: 1 },
      tags: { type: 'array', items: { type: 'string', maxLength: 5 } },
      untyped: { type: 'array', items: {} },
    },
    required: ['home', 'previous', 'ids', 'tags', 'untyped'],
    additionalProperties: false,
  });
  t.strictSame(components['Address'], {
    title: 'Address',
    type: 'object',
    properties: { street: { type: 'string' }, city: { type: 'string' } },
    required: ['street'],
    additionalProperties: false,
  });
});

class TreeNode {
  @IsString() label!: string;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => TreeNode) children?: TreeNode[];
}

t.test('a DTO that contains itself ends in a $ref to itself', async (t) => {
  const properties = componentOf(TreeNode)['properties'] as Record<string, JsonSchema>;
  t.strictSame(properties['children'], { type: 'array', items: { $ref: '#/components/schemas/TreeNode' } });
});

class Renamed {
  @Expose({ name: 'full_name' }) @IsString() fullName!: string;
  @Expose({ name: 'nick_name' }) @IsOptional() @IsString() nickName?: string;
  @Exclude() @IsString() secret!: string;
  @Exclude({ toPlainOnly: true }) @IsString() password!: string;
}

@Exclude()
class ExposedOnly {
  @Expose() @IsString() visible!: string;
  @IsString() internal!: string;
}

t.test('@Expose renames, @Exclude hides', async (t) => {
  const renamed = componentOf(Renamed);
  t.strictSame(renamed['properties'], {
    full_name: { type: 'string' },
    nick_name: { type: 'string' },
    password: { type: 'string' },
  });
  t.strictSame(renamed['required'], ['full_name', 'password']);
  t.strictSame(componentOf(ExposedOnly)['properties'], { visible: { type: 'string' } });
});

const IsEven = () =>
  ValidateBy({
    name: 'isEven',
    validator: { validate: (value: unknown) => typeof value === 'number' && value % 2 === 0 },
  });

class Custom {
  @IsEven() even!: number;
  @IsEven() @IsOptional() evenText?: string;
  @Allow() anything!: boolean;
  @Allow() free!: unknown;
}

t.test('unknown constraints keep the design:type', async (t) => {
  const schema = componentOf(Custom);
  t.strictSame(schema['properties'], {
    even: { type: 'number' },
    evenText: { type: 'string' },
    anything: { type: 'boolean' },
    free: {},
  });
  t.strictSame(schema['required'], ['even', 'anything', 'free']);
});

class BaseEntity {
  @IsUUID() id!: string;
  @IsString() name!: string;
}
class Derived extends BaseEntity {
  @IsOptional() @IsString() note?: string;
  @IsString() @MaxLength(10) override name!: string;
}

t.test('inherited properties come first; an override replaces the constraints', async (t) => {
  t.strictSame(componentOf(Derived), {
    title: 'Derived',
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string', maxLength: 10 },
      note: { type: 'string' },
    },
    required: ['id', 'name'],
    additionalProperties: false,
  });
});

const FirstItem = (() => {
  class Item {
    @IsString() a!: string;
  }
  return Item;
})();
const SecondItem = (() => {
  class Item {
    @IsInt() b!: number;
  }
  return Item;
})();
class Item_2 {
  @IsBoolean() c!: boolean;
}
class Holder {
  @ValidateNested() @Type(() => FirstItem) first!: InstanceType<typeof FirstItem>;
  @ValidateNested() @Type(() => SecondItem) second!: InstanceType<typeof SecondItem>;
  @ValidateNested() @Type(() => Item_2) third!: Item_2;
}

t.test('classes sharing a name get _2, _3 in the order they are met', async (t) => {
  const reg = registry();
  reg.refFor(Holder);
  const components = reg.components();
  t.strictSame(Object.keys(components), ['Holder', 'Item', 'Item_2', 'Item_2_2']);
  t.strictSame(components['Holder']?.['properties'], {
    first: { $ref: '#/components/schemas/Item' },
    second: { $ref: '#/components/schemas/Item_2' },
    third: { $ref: '#/components/schemas/Item_2_2' },
  });
  t.strictSame(components['Item_2']?.['title'], 'Item');
  t.strictSame(components['Item_2']?.['properties'], { b: { type: 'integer' } });
  t.strictSame(components['Item_2_2']?.['title'], 'Item_2');
  t.strictSame(
    reg.refFor(SecondItem),
    { $ref: '#/components/schemas/Item_2' },
    'the same class keeps its name',
  );
});

t.test('reserved names are never given to a DTO', async (t) => {
  class Problem {
    @IsString() reason!: string;
  }
  const reg = new SchemaRegistry({ refPrefix: '#/$defs/', reservedNames: ['Problem'] });
  t.strictSame(reg.refFor(Problem), { $ref: '#/$defs/Problem_2' });
  t.strictSame(Object.keys(reg.components()), ['Problem_2']);
});

t.test('schemaFor covers every TypeRef kind', async (t) => {
  const reg = registry();
  t.strictSame(reg.schemaFor({ kind: 'primitive', type: 'string' }), { type: 'string' });
  t.strictSame(reg.schemaFor({ kind: 'primitive', type: 'number' }), { type: 'number' });
  t.strictSame(reg.schemaFor({ kind: 'primitive', type: 'boolean' }), { type: 'boolean' });
  t.strictSame(reg.schemaFor({ kind: 'date' }), { type: 'string', format: 'date-time' });
  t.strictSame(reg.schemaFor({ kind: 'unknown' }), {});
  t.strictSame(reg.schemaFor({ kind: 'dto', type: Address }), { $ref: '#/components/schemas/Address' });
  t.strictSame(reg.schemaFor({ kind: 'array', items: { kind: 'dto', type: Scalars } }), {
    type: 'array',
    items: { $ref: '#/components/schemas/Scalars' },
  });
  t.strictSame(Object.keys(reg.components()), ['Address', 'Scalars']);
});

t.test('objectSchema inlines a DTO without registering it', async (t) => {
  const reg = registry();
  const schema = reg.objectSchema(Person);
  t.strictSame((schema['properties'] as Record<string, JsonSchema>)['home'], {
    $ref: '#/components/schemas/Address',
  });
  t.strictSame(Object.keys(reg.components()), ['Address'], 'only the nested DTO is a component');
});

t.test('components() hands out copies', async (t) => {
  const reg = registry();
  reg.refFor(Address);
  (reg.components()['Address'] as JsonSchema)['title'] = 'changed';
  t.equal(reg.components()['Address']?.['title'], 'Address');
});

t.test('properties known only to class-transformer (@Type, @Expose) are documented', async (t) => {
  class Sent {
    @IsString() text!: string;
    @Type(() => Date) sentAt!: Date;
  }
  t.strictSame(componentOf(Sent), {
    title: 'Sent',
    type: 'object',
    properties: { text: { type: 'string' }, sentAt: { type: 'string', format: 'date-time' } },
    required: ['text', 'sentAt'],
    additionalProperties: false,
  });
});
