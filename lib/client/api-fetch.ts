/** Calls the Karma API; a non-2xx answer becomes an ApiError carrying the server's code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function apiFetch<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  // Mutations are always declared JSON, body or not: the server refuses any other (lib/server/request-guard.ts).
  const isMutation = (rest.method ?? 'GET').toUpperCase() !== 'GET';
  let response: Response;
  try {
    response = await fetch(path, {
      ...rest,
      headers: { accept: 'application/json', ...(json !== undefined || isMutation ? { 'content-type': 'application/json' } : {}), ...rest.headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch (error) {
    throw new ApiError(0, 'network', `Cannot reach the Karma server: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // fall through: reported below
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'http_error', error?.message ?? `The server answered ${response.status}`, error?.details);
  }
  if (body === null && text) throw new ApiError(response.status, 'bad_response', 'The server answered with something that is not JSON');
  return body as T;
}

/** `prod:vpc/main` → a single URL path segment. */
export function componentPath(id: string): string {
  return encodeURIComponent(id);
}
