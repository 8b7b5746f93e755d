/**
 * Built-in injection tokens.
 *
 * @example `constructor(@Inject(LOGGER) private readonly log: FastifyBaseLogger) {}`
 */
export const FASTIFY = Symbol.for('halyard.fastify');
/** The app's pino logger (`app.log`). */
export const LOGGER = Symbol.for('halyard.logger');
