import { CliError } from '../errors.js';

/** The spellings one generated name needs. */
export interface Names {
  /** `order-items`: folders, files, URLs. */
  readonly kebab: string;
  /** `OrderItems`: controller classes. */
  readonly pascal: string;
  /** `OrderItem`: DTO classes. */
  readonly singularPascal: string;
  /** `order-item`: event names. */
  readonly singularKebab: string;
}

function singular(word: string): string {
  if (/ies$/.test(word) && word.length > 3) return `${word.slice(0, -3)}y`;
  if (/(s|x|z|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

const capital = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * Splits `orderItems`, `order_items`, `Order Items` or `order-items` into words.
 *
 * @example `namesOf('orderItems')` → `{ kebab: 'order-items', pascal: 'OrderItems', singularPascal: 'OrderItem', ... }`
 */
export function namesOf(input: string): Names {
  const words = input
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
  if (words.length === 0 || !/^[a-z]/.test(words[0]!) || /[^A-Za-z0-9 _-]/.test(input))
    throw new CliError('HALYARD_ERR_CLI_INVALID_IDENTIFIER', { name: input });
  const last = words.length - 1;
  const singularWords = words.map((word, index) => (index === last ? singular(word) : word));
  return {
    kebab: words.join('-'),
    pascal: words.map(capital).join(''),
    singularPascal: singularWords.map(capital).join(''),
    singularKebab: singularWords.join('-'),
  };
}
