import { updateMemberRecord, type HttpMethod } from '../metadata.js';

function route(method: HttpMethod, name: string) {
  return (path = '/'): MethodDecorator =>
    (prototype, member) => {
      updateMemberRecord({ prototype, member }, `@${name}`, () => ({ route: { method, path } }));
    };
}

/** Registers the method as a `GET` route under the controller prefix. @example `@Get('/:id')` */
export const Get = route('GET', 'Get');
/** Registers the method as a `POST` route; answers 201 unless `@HttpCode` says otherwise. @example `@Post('/')` */
export const Post = route('POST', 'Post');
/** Registers the method as a `PUT` route. @example `@Put('/:id')` */
export const Put = route('PUT', 'Put');
/** Registers the method as a `PATCH` route. @example `@Patch('/:id')` */
export const Patch = route('PATCH', 'Patch');
/** Registers the method as a `DELETE` route. @example `@Delete('/:id')` */
export const Delete = route('DELETE', 'Delete');

/**
 * Sets the success status of an HTTP route.
 *
 * @example `@Post('/') @HttpCode(202) enqueue(@Body() job: JobDto) { ... }`
 */
export function HttpCode(status: number): MethodDecorator {
  return (prototype, member) => {
    updateMemberRecord({ prototype, member }, '@HttpCode', () => ({ httpCode: status }));
  };
}
