/** An error that becomes a page with this status; thrown by handlers, hooks and plugins alike. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: { csrf?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message)
  }
}

export const notFound = () => new HttpError(404, 'not found')
export const forbidden = () => new HttpError(403, 'forbidden')
