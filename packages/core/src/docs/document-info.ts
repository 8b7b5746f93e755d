/**
 * The `info` object of a generated document, the same in OpenAPI and AsyncAPI.
 *
 * @example `{ title: 'Chat API', version: '1.0.0' }`
 */
export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
}

/**
 * `info` as both generators write it: `title`, `version`, then `description` only when it is set,
 * so the documents stay byte-identical whatever object the caller passed.
 *
 * @example documentInfo({ title: 'Chat API', version: '1.0.0' }) // { title: 'Chat API', version: '1.0.0' }
 */
export function documentInfo(info: DocumentInfo): DocumentInfo {
  return {
    title: info.title,
    version: info.version,
    ...(info.description !== undefined && { description: info.description }),
  };
}
