import { useQuery } from '@tanstack/react-query';
import type { HealthResponse } from '@/lib/model/api';
import { ApiError } from './api-fetch';
import { queryKeys } from './query-keys';

/**
 * What the server says about its adapters. /api/health answers 503 with the
 * same body when something is down, which is exactly when this is wanted,
 * so a 503 is data here, not an error.
 */
export function useHealth({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.health,
    enabled,
    staleTime: 5_000,
    queryFn: async ({ signal }): Promise<HealthResponse> => {
      let response: Response;
      try {
        response = await fetch('/api/health', { signal, headers: { accept: 'application/json' } });
      } catch (error) {
        throw new ApiError(0, 'network', `Cannot reach the Karma server: ${(error as Error).message}`);
      }
      if (response.status !== 200 && response.status !== 503) throw new ApiError(response.status, 'http_error', `Health check answered ${response.status}`);
      return (await response.json()) as HealthResponse;
    },
  });
}
