# warroom's runtime image, made from a build on the host (no compiler or dev dependencies inside):
#   npm ci && npm run build && docker build -t warroom .
# `next build` writes the standalone server (output: "standalone" in next.config.js) with the node_modules
# it traces, PGlite's WASM and data files among them; this adds the static assets, the committed
# migrations (applied at start-up) and an unprivileged user. docs/container.md says how to run it.
#
# The base is the official Node image from a registry. The test machines have no registry: the image
# test makes a stand-in of this name from the host's node binary (scripts/image/local-base.ts) only when
# no image of this name exists locally.
FROM node:20-bookworm-slim

# The build folder (WARROOM_DIST_DIR at build time); `next build` puts the standalone server inside it.
ARG DIST_DIR=.next

ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    WARROOM_DATA_DIR=/data/pglite \
    MALLOC_ARENA_MAX=2 \
    NODE_OPTIONS=--max-semi-space-size=1

WORKDIR /app
COPY ${DIST_DIR}/standalone ./
COPY ${DIST_DIR}/static ./${DIST_DIR}/static
COPY public ./public
COPY prisma/migrations ./prisma/migrations
# The embedded database's folder belongs to the unprivileged user; the application files stay root's.
RUN mkdir -p /data && chown node:node /data

USER node
VOLUME /data
EXPOSE 3000
# 200 while the collector is cycling (docs: GET /api/health); the image has no curl, node has fetch.
HEALTHCHECK --interval=10s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/api/health').then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))"]
CMD ["node", "server.js"]
