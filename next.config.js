const dev = process.env.NODE_ENV === "development";

/**
 * The pages load only their own scripts, styles and the /api stream. Next.js inlines its bootstrap and
 * flight data as <script> tags, so scripts need 'unsafe-inline' (nonces would force every page to render
 * per request); `next dev` also needs eval and its HMR socket. Nobody frames the board: the TV is a
 * full-screen browser (WARROOM_FRAME_ANCESTORS lists a kiosk that must frame /tv).
 */
function securityHeaders(frameAncestors) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "no-referrer" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  ];
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules at run time. pino and prom-client
  // stay external too: one copy of each for the instrumentation and route bundles.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "dockerode",
    "ssh2",
    "cpu-features",
    "pino",
    "prom-client",
  ],
  // A self-contained server (server.js plus the node_modules it traces) for the container image; the repo's
  // own `next start` (tests, bench, demo) runs the same build and only warns that standalone is set.
  output: "standalone",
  // No page uses next/image: the optimiser's sharp and libvips (≈19 MB) stay out of the standalone server.
  images: { unoptimized: true },
  outputFileTracingExcludes: { "*": ["node_modules/sharp/**", "node_modules/@img/**"] },
  poweredByHeader: false,
  // A separate build folder lets two checkouts' worth of work (or parallel test runs) build side by side.
  distDir: process.env.WARROOM_DIST_DIR ?? ".next",
  // `npm test` type-checks the whole project (tsc --noEmit) before building; don't do it twice.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    const kiosk = process.env.WARROOM_FRAME_ANCESTORS?.trim();
    return [
      { source: "/:path*", headers: securityHeaders("'none'") },
      // Listed later, so its Content-Security-Policy replaces the default one on /tv.
      ...(kiosk ? [{ source: "/tv", headers: securityHeaders(kiosk) }] : []),
    ];
  },
};

export default nextConfig;
