/**
 * The hand-written corpus of the compiled-validator differential test: DTOs that together use every
 * constraint, option and shape the compiled path reproduces (custom constraints, conditions, nesting,
 * inheritance, defaults, groups, message templates and functions).
 */
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  Contains,
  Equals,
  IsBoolean,
  IsDate,
  IsDateString,
  IsDefined,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsNegative,
  IsNotEmpty,
  IsNotIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinDate,
  MinLength,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { customConstraint, notLater, type CustomConstraint } from '../helpers/custom-constraint.js';

/** `value` is a multiple of the constraint's one argument. */
const multipleOf: CustomConstraint['validator'] = {
  validate: (value: unknown, args: ValidationArguments) =>
    typeof value === 'number' && value % (args.constraints[0] as number) === 0,
  defaultMessage: (args: ValidationArguments) =>
    `${args.property} of ${args.targetName} must be a multiple of $constraint1 (got ${JSON.stringify(args.value)})`,
};

/** `value` is above the property the constraint's one argument names; no default message. */
const above: CustomConstraint['validator'] = {
  validate: (value: unknown, args: ValidationArguments) =>
    typeof value === 'number' &&
    value > Number((args.object as Record<string, unknown>)[args.constraints[0] as string]),
};

const IsMultipleOf = (factor: number, options?: ValidationOptions) =>
  customConstraint({ name: 'isMultipleOf', constraints: [factor], validator: multipleOf }, options);
/** Compares with another property of the same object; unnamed. */
const IsAbove = (related: string, options?: ValidationOptions) =>
  customConstraint({ name: '', constraints: [related], validator: above }, options);
const IsNotLater = (options?: ValidationOptions) => customConstraint(notLater, options);

export enum Color {
  Red = 'red',
  Green = 'green',
}
export enum Level {
  Low = 1,
  High = 5,
}

export class StringsDto {
  @IsString() @Length(3, 10) name!: string;
  @IsOptional()
  @Matches(/^[a-z]+$/)
  @Matches(/^.{2,4}$/, { message: 'slug: $value is not 2-4 long' })
  slug?: string;
  @MinLength(2) @MaxLength(5) code!: string;
  @IsEmail() email!: string;
  @ArrayMaxSize(3) @IsString({ each: true }) @MaxLength(4, { each: true }) tags!: string[];
  @IsNotEmpty() @Contains('x') marker!: string;
}

export class NumbersDto {
  @IsInt() @Min(0) @Max(100) count!: number;
  @IsNumber({ maxDecimalPlaces: 2 }) @IsPositive() price!: number;
  @IsOptional() @IsNumber() @IsNegative() delta?: number;
  @IsMultipleOf(5) @IsAbove('count') total!: number;
  @Type(() => Number) @IsNumber() coerced!: number;
}

export class ChoicesDto {
  @IsEnum(Color) color!: Color;
  @IsEnum(Level, { message: ({ value }) => `level ${String(value)} is unknown` }) level!: Level;
  @IsIn(['a', 'b', 1]) pick!: string | number;
  @IsBoolean() flag!: boolean;
  @Equals('yes') consent!: string;
  @IsOptional() @IsNotIn(['root', 'admin']) user?: string;
  @Allow() free?: unknown;
}

export class ConditionalDto {
  @IsIn(['email', 'phone', 'none']) kind!: string;
  @ValidateIf((o: ConditionalDto) => o.kind === 'email') @IsEmail() email?: string;
  @ValidateIf((o: ConditionalDto) => o.kind === 'phone') @IsString() @Length(5, 15) phone?: string;
  @IsOptional() @IsDefined() @IsString() note?: string;
  @IsString({ validateIf: (o: ConditionalDto) => o.kind !== 'none' }) @IsNotLater() label?: string;
  @IsDefined({ message: '$property is required on $target' }) required!: unknown;
}

export class TagDto {
  @IsString() @Length(1, 5) label!: string;
}

export class ItemDto {
  @IsString() sku!: string;
  @IsInt() @Min(1) qty!: number;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => TagDto) @ArrayMaxSize(2) tags?: TagDto[];
}

export class AddressDto {
  @IsString() @MinLength(2) city!: string;
  @IsOptional() @IsString() @Length(4, 6) zip?: string;
}

export class NestedDto {
  @ValidateNested() @Type(() => AddressDto) address!: AddressDto;
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  items?: ItemDto[];
  @IsOptional() @ValidateNested() untyped?: Record<string, unknown>;
  @IsOptional() @IsObject() extra?: Record<string, unknown>;
  @IsOptional() @ValidateNested({ each: true }) @Type(() => TagDto) matrix?: TagDto[][];
  @IsOptional() @ValidateNested() @ValidateNested({ message: 'twice' }) @Type(() => TagDto) twice?: TagDto;
}

export class DatesDto {
  @Type(() => Date) @IsDate() when!: Date;
  @IsOptional() @Type(() => Date) @MinDate(new Date('2020-01-01T00:00:00Z')) since?: Date;
  @IsDateString() stamp!: string;
  @IsOptional() @Type(() => String) @IsString() text?: string;
  @IsOptional() @Type(() => Boolean) @IsBoolean() yes?: boolean;
}

export class MessagesDto {
  @IsString({ message: '$property ($target) must be text, not $value' }) a!: string;
  @Length(2, 3, { message: (args) => `${args.property}: $constraint1..$constraint2 (${String(args.value)})` })
  b!: string;
  @IsInt({ each: true, message: 'every $property must be an integer' }) @ArrayNotEmpty() c!: number[];
  @Min(3, { message: '' }) d!: number;
  @IsIn([['x', 'y'], 'z']) e!: unknown;
}

export class BaseDto {
  @IsString() id!: string;
  @IsInt() @Min(0) version!: number;
  @IsOptional() @IsString() owner?: string;
}

export class ChildDto extends BaseDto {
  @Length(1, 3) override id!: string;
  @IsBoolean() active!: boolean;
}

export class GrandChildDto extends ChildDto {
  @Max(10) override version!: number;
  @IsOptional() @ValidateNested() @Type(() => ChildDto) parent?: ChildDto;
}

export class DefaultsDto {
  @IsInt() @Min(1) page = 1;
  @IsOptional() @IsString() sort = 'asc';
  @IsOptional() @IsIn(['x', 'y']) mode?: string;
  @IsString() @Length(2, 4) '10'!: string;
  get upper(): string {
    return this.sort.toUpperCase();
  }
  describe(): string {
    return `page ${this.page}`;
  }
}

export class UndeclaredDefaultDto {
  @IsString() name!: string;
  undeclared = 'always here';
}

export class GroupsDto {
  @IsString({ groups: ['admin'] }) @Length(2, 5, { always: true }) name!: string;
  @IsInt({ context: { code: 7 } }) @Min(0, { always: false }) age!: number;
}

export class EmptyDto {
  name?: string;
}

export class ListHolderDto {
  @IsOptional() @ValidateNested({ each: true }) @Type(() => EmptyDto) empties?: EmptyDto[];
  @IsOptional() @ValidateNested() @Type(() => Date) date?: Date;
}

export enum Mode {
  Fast = 'fast',
  Slow = 'slow',
}

export class SearchQuery {
  @IsOptional() @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @IsNumber() ratio?: number;
  @IsOptional() @IsBoolean() exact?: boolean;
  @IsOptional() @IsString() @MinLength(2) search?: string;
  @IsOptional() @IsDate() since?: Date;
  @IsOptional() @IsString({ each: true }) tags?: string[];
  @IsOptional() @IsEnum(Mode) mode?: Mode;
  @IsOptional() @IsIn([1, 2, 3]) page?: number;
  @IsOptional() @ValidateNested() filter?: AddressDto;
}

export class TraceDto {
  @IsString() @Length(4, 64) 'x-trace-id'!: string;
  @IsOptional() @IsInt() 'x-retries'?: number;
  @IsOptional() @IsBoolean() 'x-debug'?: boolean;
}
