/** The portal's main navigation, in order. */
export const mainNavigation = [
  { href: '/', label: 'Graph', match: (path: string) => path === '/' || path.startsWith('/components') },
  { href: '/drift', label: 'Drift', match: (path: string) => path.startsWith('/drift') },
  { href: '/changes', label: 'Changes', match: (path: string) => path.startsWith('/changes') },
  { href: '/rollouts', label: 'Rollouts', match: (path: string) => path.startsWith('/rollouts') },
] as const;
