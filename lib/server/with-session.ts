import 'server-only';
import { NextResponse } from 'next/server';
import { requireUser } from '@/lib/auth/current-user';
import type { Role, User } from '@/lib/auth/roles';
import { errorResponse } from './api-error';
import { assertSameOriginMutation } from './request-guard';
import { getSettings } from './settings';

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (input: { request: Request; user: User; params: P }) => Promise<unknown>;

/**
 * Wraps an App Router handler: refuses mutations that did not come from
 * Karma's own pages (request-guard.ts), resolves the session and role on the
 * server, runs the handler, serialises its result, and holds the only
 * `catch`. Handlers return data (→ 200 JSON) or a Response of their own.
 */
export function withSession<P = Record<string, never>>(handler: Handler<P>, { role = 'viewer' }: { role?: Role } = {}) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      assertSameOriginMutation(request, getSettings().auth.publicUrl);
      const user = await requireUser(role);
      const result = await handler({ request, user, params: await context.params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The same for the few routes open to anyone (health). */
export function withoutSession<P = Record<string, never>>(handler: (input: { request: Request; params: P }) => Promise<unknown>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const result = await handler({ request, params: await context.params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
