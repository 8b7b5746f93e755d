/**
 * Every reflect-metadata key Halyard writes. Namespaced so nothing collides with other libraries.
 * Decorators write frozen records under these keys; only the definition builder reads them.
 */
export const CLASS_RECORD = 'halyard:class';
export const MEMBER_RECORD = 'halyard:member';
export const MEMBER_NAMES = 'halyard:member-names';
export const INJECT_TOKENS = 'halyard:inject-tokens';
export const INJECTABLE = 'halyard:injectable';
