/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "dockerode", "ssh2", "cpu-features"],
  poweredByHeader: false,
  // A separate build folder lets two checkouts' worth of work (or parallel test runs) build side by side.
  distDir: process.env.WARROOM_DIST_DIR ?? ".next",
  // `npm test` type-checks the whole project (tsc --noEmit) before building; don't do it twice.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
