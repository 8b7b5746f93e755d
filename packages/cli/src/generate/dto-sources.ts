import type { Names } from './naming.js';

/** `src/<kebab>/<kebab>.dto.ts` of `halyard generate dto`. */
export function dtoSource(names: Names): string {
  return [
    "import { IsOptional, IsString, Length } from 'class-validator';",
    '',
    `/** Validated by class-validator wherever it types a @Body(), @Query() or @Message(). */`,
    `export class ${names.pascal}Dto {`,
    '  @IsString() @Length(1, 100) name!: string;',
    '',
    '  @IsOptional() @IsString() @Length(0, 500) description?: string;',
    '}',
    '',
  ].join('\n');
}

/** `test/<kebab>.dto.test.ts`: the DTO validates what it should, through class-transformer and class-validator. */
export function dtoTestSource(names: Names): string {
  const dto = `${names.pascal}Dto`;
  return [
    "import 'reflect-metadata';",
    "import t from 'tap';",
    "import { plainToInstance } from 'class-transformer';",
    "import { validate } from 'class-validator';",
    `import { ${dto} } from '../src/${names.kebab}/${names.kebab}.dto.js';`,
    '',
    `t.test('${dto} accepts a valid value and names the field of an invalid one', async (t) => {`,
    `  t.strictSame(await validate(plainToInstance(${dto}, { name: 'First', description: 'ok' })), []);`,
    `  const errors = await validate(plainToInstance(${dto}, { name: '' }));`,
    '  t.strictSame(',
    '    errors.map((error) => [error.property, Object.keys(error.constraints ?? {})]),',
    "    [['name', ['isLength']]],",
    '  );',
    '});',
    '',
  ].join('\n');
}
