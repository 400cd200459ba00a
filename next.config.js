// The headers every response carries (README "Security"): no framing by any
// site (clickjacking), no MIME sniffing, no referrer beyond this origin, and
// a content security policy that allows only this origin's own scripts,
// styles, images and connections. Next's pages inline small scripts and
// styles, hence 'unsafe-inline' (nonces would make every page dynamic twice
// over); `next dev` also needs 'unsafe-eval' for its hot reload.
const isDev = process.env.NODE_ENV === 'development';

const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Gremlin driver and its WebSocket library must stay real Node modules:
  // bundling `ws` breaks its optional native masking (bufferUtil.mask).
  serverExternalPackages: ['gremlin', 'ws'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // Behind a TLS-terminating load balancer (which says so in X-Forwarded-Proto): browsers keep to https for a year.
      {
        source: '/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [{ key: 'Strict-Transport-Security', value: 'max-age=31536000; includeSubDomains' }],
      },
    ];
  },
};

export default nextConfig;
