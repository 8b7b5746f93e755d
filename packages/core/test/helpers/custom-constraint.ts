import { registerDecorator, type ValidationOptions } from 'class-validator';

/** What `registerDecorator` is told about a custom constraint, less where it is applied. */
export type CustomConstraint = Omit<
  Parameters<typeof registerDecorator>[0],
  'target' | 'propertyName' | 'options'
>;

/**
 * A property decorator that registers `constraint` with `registerDecorator`, the way a user's own
 * custom decorator does: `const IsEven = (o?: ValidationOptions) => customConstraint({ name, validator }, o)`.
 */
export function customConstraint(constraint: CustomConstraint, options?: ValidationOptions) {
  return (object: object, propertyName: string): void =>
    registerDecorator({ ...constraint, target: object.constructor, propertyName, options });
}

/**
 * A synchronous constraint that sometimes answers with a promise (for values starting with `p`):
 * `validateSync` never waits for it, so such a value passes.
 */
export const notLater: CustomConstraint = {
  name: 'isNotLater',
  validator: {
    validate: (value: unknown) =>
      typeof value === 'string' && value.startsWith('p') ? Promise.resolve(false) : value !== 'later',
    defaultMessage: () => '$property must not be later',
  },
};
