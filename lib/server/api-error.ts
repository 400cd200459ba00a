import 'server-only';
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { ERROR_STATUS, isAppError } from '@/lib/model/errors';

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

const GENERIC_500: ErrorBody = { error: { code: 'internal', message: 'Something went wrong on the server; it has been logged.' } };

/**
 * The one mapping from errors to responses: AppError → its status; zod →
 * 422 with the issues; anything else → a generic 500 that leaks nothing.
 * A 503/504 says which dependency is down (AppError messages never hold
 * addresses; those are in `internal`); a 500 says nothing at all. The
 * server log gets everything.
 */
export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (isAppError(error)) {
    if (error.status >= 500) console.error(`[karma] ${error.code}: ${error.message}${error.internal ? ` (${error.internal})` : ''}`);
    if (error.status === 500) return NextResponse.json(GENERIC_500, { status: 500 });
    const body: ErrorBody = { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
    return NextResponse.json(body, { status: error.status });
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    return NextResponse.json({ error: { code: 'validation_failed', message, details: issues } }, { status: ERROR_STATUS.validation_failed });
  }
  console.error('[karma] unexpected error', error);
  return NextResponse.json(GENERIC_500, { status: 500 });
}
