export interface ErrorDetail {
  /** JSON path of the offending input, e.g. `body.tiers.0.price_cents` or `query.city`. */
  field: string;
  message: string;
}

/**
 * An error a client can meet and act on. It carries a stable `code` for programs and a
 * sentence for people; the error handler turns it into the one error shape.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details: ErrorDetail[] = []) =>
  new AppError(400, code, message, details);

export const unauthorized = (message = 'Sign in first: this request needs a valid session or API token.') =>
  new AppError(401, 'unauthorized', message);

export const forbidden = (message: string) => new AppError(403, 'forbidden', message);

export const notFound = (what: string) =>
  new AppError(
    404,
    'not_found',
    `${what} was not found. Check the id, and that you are signed in to the right organization.`,
  );

export const conflict = (code: string, message: string, details: ErrorDetail[] = []) =>
  new AppError(409, code, message, details);

export const unprocessable = (code: string, message: string, details: ErrorDetail[] = []) =>
  new AppError(422, code, message, details);

export const invalidField = (field: string, message: string) =>
  unprocessable('invalid_input', message, [{ field, message }]);
