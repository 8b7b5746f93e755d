import * as cv from 'class-validator';
import type { ValidationOptions } from 'class-validator';

type Decorate = (options: ValidationOptions) => PropertyDecorator;

/** One built-in decorator of class-validator, with a few argument variants and values worth trying. */
export interface CatalogEntry {
  readonly variants: readonly Decorate[];
  readonly samples: readonly unknown[];
}

enum Colour {
  Red = 'red',
  Green = 'green',
}
enum Level {
  Low = 1,
  High = 5,
}

/** A class no JSON value is an instance of. */
export class Marker {}

const texts = ['', 'a', 'abc', 'ABC', 'Hello', 'hello world', 'x'.repeat(30), ' 1 ', '$value', '$property'];
const numeric = ['0', '1', '-3', '1.5', '12', '0x1F', '1e3', '007', 'NaN', 'Infinity'];
const numbers = [0, -0, 1, -1, 3, 5, 10, 1.5, 100, 1e21, 2 ** 53 + 2];
const dates = [
  '2024-01-02',
  '2024-01-02T03:04:05Z',
  '2019-05-05',
  'Tue, 02 Jan 2024 03:04:05 GMT',
  '1',
  'nope',
];
const formats = [
  'a@b.co',
  'user@example.com',
  '#fff',
  'ff',
  '127.0.0.1',
  '::1',
  '8080',
  '1.2.3',
  'aGVsbG8=',
  '550e8400-e29b-41d4-a716-446655440000',
  '507f1f77bcf86cd799439011',
  'https://example.com/a?b=1',
  'example.com',
  '{"a":1}',
  'true',
  'false',
  'US',
  'USA',
  'en-US',
  'Europe/Paris',
  '13:45',
  'application/json',
  'FR7630006000011234567890189',
  '4111111111111111',
  '$10.00',
  '0x52908400098527886E0F7030069857D2E4169EE7',
];
const arrays: unknown[] = [[], ['a'], ['a', 'a'], [1, 2, 3], ['a', 'b', 1], [null], [[1]], [{ a: 1 }]];
const objects: unknown[] = [{}, { a: 1 }, { kind: 'A0' }, { toString: 1 }];

const plain = (decorate: (options: ValidationOptions) => PropertyDecorator): readonly Decorate[] => [
  decorate,
];

/**
 * The built-in class-validator decorators (all compiled by Halyard: each is a `registerDecorator`
 * with a validator object), except `@Validate` and `@ValidatePromise`, which the generator adds itself.
 */
export const catalog: Readonly<Record<string, CatalogEntry>> = {
  IsDefined: { variants: plain(cv.IsDefined), samples: [null, 'x'] },
  Equals: { variants: [(o) => cv.Equals('yes', o), (o) => cv.Equals(5, o)], samples: ['yes', 5, '5'] },
  NotEquals: { variants: [(o) => cv.NotEquals('no', o)], samples: ['no', 'yes'] },
  IsEmpty: { variants: plain(cv.IsEmpty), samples: ['', null, 'a'] },
  IsNotEmpty: { variants: plain(cv.IsNotEmpty), samples: ['', 'a', null] },
  IsIn: {
    variants: [(o) => cv.IsIn(['a', 'b', 1], o), (o) => cv.IsIn([['x', 'y'], 'z'], o)],
    samples: ['a', 1, '1', 'z', 'c'],
  },
  IsNotIn: { variants: [(o) => cv.IsNotIn(['root', 'admin'], o)], samples: ['root', 'bob'] },
  Allow: { variants: plain(cv.Allow), samples: [] },
  IsLatitude: { variants: plain(cv.IsLatitude), samples: ['45.1', 45.1, '200'] },
  IsLongitude: { variants: plain(cv.IsLongitude), samples: ['-120.5', 200] },
  IsLatLong: { variants: plain(cv.IsLatLong), samples: ['45.1,-120.5', '45,1000'] },
  IsDivisibleBy: { variants: [(o) => cv.IsDivisibleBy(5, o)], samples: [10, 7, '10'] },
  IsPositive: { variants: plain(cv.IsPositive), samples: [1, 0, -1] },
  IsNegative: { variants: plain(cv.IsNegative), samples: [-1, 0] },
  Min: { variants: [(o) => cv.Min(0, o), (o) => cv.Min(3, o)], samples: [0, 3, -1, '5'] },
  Max: { variants: [(o) => cv.Max(10, o), (o) => cv.Max(0, o)], samples: [10, 11, 0] },
  MinDate: {
    variants: [
      (o) => cv.MinDate(new Date('2020-01-01T00:00:00Z'), o),
      (o) => cv.MinDate(() => new Date(0), o),
    ],
    samples: ['2024-01-02', '2019-05-05'],
  },
  MaxDate: { variants: [(o) => cv.MaxDate(new Date('2022-01-01T00:00:00Z'), o)], samples: ['2024-01-02'] },
  Contains: { variants: [(o) => cv.Contains('a', o)], samples: ['abc', 'xyz'] },
  NotContains: { variants: [(o) => cv.NotContains(' ', o)], samples: ['a b', 'ab'] },
  IsAlpha: {
    variants: [(o) => cv.IsAlpha(undefined, o), (o) => cv.IsAlpha('de-DE', o)],
    samples: ['abc', 'a1'],
  },
  IsAlphanumeric: { variants: [(o) => cv.IsAlphanumeric(undefined, o)], samples: ['a1', 'a-1'] },
  IsDecimal: { variants: [(o) => cv.IsDecimal(undefined, o)], samples: ['1.5', '1,5'] },
  IsAscii: { variants: plain(cv.IsAscii), samples: ['abc', 'é'] },
  IsBase64: { variants: [(o) => cv.IsBase64(undefined, o)], samples: ['aGVsbG8=', 'nope!'] },
  IsByteLength: { variants: [(o) => cv.IsByteLength(1, 4, o)], samples: ['ab', 'abcde', 'é'] },
  IsCreditCard: { variants: plain(cv.IsCreditCard), samples: ['4111111111111111', '1234'] },
  IsCurrency: { variants: [(o) => cv.IsCurrency(undefined, o)], samples: ['$10.00', 'ten'] },
  IsEmail: { variants: [(o) => cv.IsEmail(undefined, o)], samples: ['a@b.co', 'nope'] },
  IsFQDN: { variants: [(o) => cv.IsFQDN(undefined, o)], samples: ['example.com', 'localhost'] },
  IsFullWidth: { variants: plain(cv.IsFullWidth), samples: ['ｆｕｌｌ', 'half'] },
  IsHalfWidth: { variants: plain(cv.IsHalfWidth), samples: ['half'] },
  IsVariableWidth: { variants: plain(cv.IsVariableWidth), samples: ['ｆull'] },
  IsHexColor: { variants: plain(cv.IsHexColor), samples: ['#fff', 'fff', '#ggg'] },
  IsHexadecimal: { variants: plain(cv.IsHexadecimal), samples: ['ff', 'zz'] },
  IsMACAddress: { variants: [(o) => cv.IsMACAddress(o)], samples: ['01:23:45:67:89:ab'] },
  IsIP: { variants: [(o) => cv.IsIP(undefined, o), (o) => cv.IsIP('4', o)], samples: ['127.0.0.1', '::1'] },
  IsPort: { variants: plain(cv.IsPort), samples: ['8080', '70000'] },
  IsISBN: { variants: [(o) => cv.IsISBN(undefined, o)], samples: ['9780306406157'] },
  IsISIN: { variants: plain(cv.IsISIN), samples: ['US0378331005'] },
  IsISO8601: { variants: [(o) => cv.IsISO8601(undefined, o)], samples: ['2024-01-02', '2024-13-45'] },
  IsJSON: { variants: plain(cv.IsJSON), samples: ['{"a":1}', '{a'] },
  IsJWT: { variants: plain(cv.IsJWT), samples: ['a.b.c'] },
  IsLowercase: { variants: plain(cv.IsLowercase), samples: ['abc', 'ABC'] },
  IsMobilePhone: { variants: [(o) => cv.IsMobilePhone(undefined, undefined, o)], samples: ['+33612345678'] },
  IsISO31661Alpha2: { variants: plain(cv.IsISO31661Alpha2), samples: ['US', 'XX'] },
  IsISO31661Alpha3: { variants: plain(cv.IsISO31661Alpha3), samples: ['USA'] },
  IsISO31661Numeric: { variants: plain(cv.IsISO31661Numeric), samples: ['840'] },
  IsMongoId: { variants: plain(cv.IsMongoId), samples: ['507f1f77bcf86cd799439011'] },
  IsMultibyte: { variants: plain(cv.IsMultibyte), samples: ['ｆ'] },
  IsSurrogatePair: { variants: plain(cv.IsSurrogatePair), samples: ['😀'] },
  IsUrl: { variants: [(o) => cv.IsUrl(undefined, o)], samples: ['https://example.com/a?b=1', 'nope'] },
  IsUUID: { variants: [(o) => cv.IsUUID(undefined, o), (o) => cv.IsUUID('4', o)], samples: [formats[9]] },
  IsFirebasePushId: { variants: plain(cv.IsFirebasePushId), samples: ['-M1yVcQd1sJ5CzFD7Ywe'] },
  IsUppercase: { variants: plain(cv.IsUppercase), samples: ['ABC', 'abc'] },
  Length: {
    variants: [(o) => cv.Length(2, 4, o), (o) => cv.Length(3, undefined, o)],
    samples: ['a', 'ab', 'abcde'],
  },
  MaxLength: { variants: [(o) => cv.MaxLength(3, o)], samples: ['abc', 'abcd'] },
  MinLength: { variants: [(o) => cv.MinLength(2, o)], samples: ['a', 'ab'] },
  Matches: {
    variants: [(o) => cv.Matches(/^[a-z]+$/, o), (o) => cv.Matches('^a', 'i', o)],
    samples: ['abc', 'Abc', 'a1'],
  },
  IsPhoneNumber: { variants: [(o) => cv.IsPhoneNumber('FR', o)], samples: ['+33612345678', '12'] },
  IsMilitaryTime: { variants: plain(cv.IsMilitaryTime), samples: ['13:45', '25:00'] },
  IsHash: { variants: [(o) => cv.IsHash('md5', o)], samples: ['d41d8cd98f00b204e9800998ecf8427e'] },
  IsISSN: { variants: [(o) => cv.IsISSN(undefined, o)], samples: ['0378-5955'] },
  IsDateString: { variants: [(o) => cv.IsDateString(undefined, o)], samples: ['2024-01-02T03:04:05Z'] },
  IsBooleanString: { variants: plain(cv.IsBooleanString), samples: ['true', '1', 'yes'] },
  IsNumberString: { variants: [(o) => cv.IsNumberString(undefined, o)], samples: ['12', '1e3', 'x'] },
  IsBase32: { variants: plain(cv.IsBase32), samples: ['JBSWY3DP'] },
  IsBIC: { variants: plain(cv.IsBIC), samples: ['DEUTDEFF'] },
  IsBtcAddress: { variants: plain(cv.IsBtcAddress), samples: ['1BoatSLRHtKNngkdXEeobR76b53LETtpyT'] },
  IsDataURI: { variants: plain(cv.IsDataURI), samples: ['data:,hi'] },
  IsEAN: { variants: plain(cv.IsEAN), samples: ['4006381333931'] },
  IsEthereumAddress: { variants: plain(cv.IsEthereumAddress), samples: [formats[25]] },
  IsHSL: { variants: plain(cv.IsHSL), samples: ['hsl(0, 0%, 0%)'] },
  IsIBAN: { variants: [(o) => cv.IsIBAN(undefined, o)], samples: ['FR7630006000011234567890189'] },
  IsIdentityCard: { variants: [(o) => cv.IsIdentityCard('ES', o)], samples: ['12345678Z'] },
  IsISRC: { variants: plain(cv.IsISRC), samples: ['USRC17607839'] },
  IsLocale: { variants: plain(cv.IsLocale), samples: ['en-US', '??'] },
  IsMagnetURI: { variants: plain(cv.IsMagnetURI), samples: ['magnet:?xt=urn:btih:abc'] },
  IsMimeType: { variants: plain(cv.IsMimeType), samples: ['application/json'] },
  IsOctal: { variants: plain(cv.IsOctal), samples: ['0o17', '9'] },
  IsPassportNumber: { variants: [(o) => cv.IsPassportNumber('US', o)], samples: ['123456789'] },
  IsPostalCode: { variants: [(o) => cv.IsPostalCode('any', o)], samples: ['75001'] },
  IsRFC3339: { variants: plain(cv.IsRFC3339), samples: ['2024-01-02T03:04:05Z'] },
  IsRgbColor: { variants: [(o) => cv.IsRgbColor(undefined, o)], samples: ['rgb(0,0,0)'] },
  IsSemVer: { variants: plain(cv.IsSemVer), samples: ['1.2.3', '1.2'] },
  IsStrongPassword: { variants: [(o) => cv.IsStrongPassword(undefined, o)], samples: ['Aa1!aaaa', 'weak'] },
  IsTimeZone: { variants: plain(cv.IsTimeZone), samples: ['Europe/Paris', 'Mars/Base'] },
  IsBase58: { variants: plain(cv.IsBase58), samples: ['3mJr7AoUXx2Wqd'] },
  IsTaxId: { variants: [(o) => cv.IsTaxId('en-US', o)], samples: ['01-1234567'] },
  IsISO4217CurrencyCode: { variants: plain(cv.IsISO4217CurrencyCode), samples: ['EUR', 'XYZ'] },
  IsISO6391: { variants: plain(cv.IsISO6391), samples: ['en', 'xx'] },
  IsBoolean: { variants: plain(cv.IsBoolean), samples: [true, false, 'true', 0] },
  IsDate: { variants: plain(cv.IsDate), samples: ['2024-01-02'] },
  IsNumber: {
    variants: [(o) => cv.IsNumber({}, o), (o) => cv.IsNumber({ maxDecimalPlaces: 1, allowNaN: true }, o)],
    samples: [1, 1.25, '1'],
  },
  IsEnum: {
    variants: [(o) => cv.IsEnum(Colour, o), (o) => cv.IsEnum(Level, o)],
    samples: ['red', 'blue', 1, 5, '1'],
  },
  IsInt: { variants: plain(cv.IsInt), samples: [1, 1.5, '1'] },
  IsString: { variants: plain(cv.IsString), samples: ['a', 1] },
  IsArray: { variants: plain(cv.IsArray), samples: [[], 'a'] },
  IsObject: { variants: plain(cv.IsObject), samples: [{}, []] },
  ArrayContains: { variants: [(o) => cv.ArrayContains(['a'], o)], samples: [['a'], ['b']] },
  ArrayNotContains: { variants: [(o) => cv.ArrayNotContains([1], o)], samples: [[1], [2]] },
  ArrayNotEmpty: { variants: plain(cv.ArrayNotEmpty), samples: [[], [1]] },
  ArrayMinSize: { variants: [(o) => cv.ArrayMinSize(1, o)], samples: [[], ['a']] },
  ArrayMaxSize: { variants: [(o) => cv.ArrayMaxSize(2, o)], samples: [[1, 2, 3]] },
  ArrayUnique: {
    variants: [(o) => cv.ArrayUnique(o), (o) => cv.ArrayUnique((item: unknown) => String(item), o)],
    samples: [
      ['a', 'a'],
      [1, '1'],
    ],
  },
  IsNotEmptyObject: {
    variants: [(o) => cv.IsNotEmptyObject(undefined, o), (o) => cv.IsNotEmptyObject({ nullable: true }, o)],
    samples: [{}, { a: null }, { a: 1 }],
  },
  IsInstance: { variants: [(o) => cv.IsInstance(Marker, o)], samples: [{}] },
};

export const catalogNames = Object.keys(catalog);

/** Values any property may get, whatever its constraints. */
export const commonValues: readonly unknown[] = [
  ...texts,
  ...numeric,
  ...numbers,
  ...dates,
  ...formats,
  ...arrays,
  ...objects,
  true,
  false,
  null,
];
