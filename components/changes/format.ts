/** Small text helpers for the change pages. Pure. */
import { componentPath } from '@/lib/client/api-fetch';

/** `3 min ago`, `2 h ago`, `5 d ago`; the date itself after a month. */
export function age(iso: string, now: number): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 30 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return iso.slice(0, 10);
}

/** `/components/prod%3Avpc%2Fmain` */
export function componentHref(id: string): string {
  return `/components/${componentPath(id)}`;
}
