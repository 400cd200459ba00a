/** @type {import('next').NextConfig} */
const nextConfig = {
  // The Gremlin driver and its WebSocket library must stay real Node modules:
  // bundling `ws` breaks its optional native masking (bufferUtil.mask).
  serverExternalPackages: ['gremlin', 'ws'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
