import { AppError } from '@/lib/model/errors';
import { SSM_ADVANCED_LIMIT_BYTES, SSM_STANDARD_LIMIT_BYTES } from '@/lib/model/parameters';

export type ParameterTier = 'Standard' | 'Advanced';

/**
 * The tier a value needs, or a `payload_too_large` error. SSM enforces these
 * limits itself; the local store and moto do not, so Karma checks before
 * every write to behave the same everywhere.
 */
export function tierFor(name: string, value: string, allowAdvanced: boolean): ParameterTier {
  const bytes = utf8Length(value);
  if (bytes <= SSM_STANDARD_LIMIT_BYTES) return 'Standard';
  if (allowAdvanced && bytes <= SSM_ADVANCED_LIMIT_BYTES) return 'Advanced';
  const limit = allowAdvanced ? SSM_ADVANCED_LIMIT_BYTES : SSM_STANDARD_LIMIT_BYTES;
  throw new AppError('payload_too_large', `${name}: value is ${bytes} bytes; the ${allowAdvanced ? 'advanced' : 'standard'} tier holds at most ${limit}`, {
    details: { name, bytes, limit },
  });
}

export function utf8Length(value: string): number {
  return new TextEncoder().encode(value).length;
}
