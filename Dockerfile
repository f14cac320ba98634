# syntax=docker/dockerfile:1
# The coordinator server. Node 24 runs the TypeScript sources directly (type stripping), so there is no
# build step: the image is Node, the server's production dependencies, and the server/ and shared/ sources.
# test/scale/container.test.ts starts the server with this file's CMD, ENV and HEALTHCHECK (no Docker engine needed).

ARG NODE_IMAGE=node:24-alpine

# Production dependencies of the server and shared workspaces only (no extension, no test tooling).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY extension/package.json extension/
COPY test/package.json test/
RUN npm ci --omit=dev --workspace server --workspace shared --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force

FROM ${NODE_IMAGE}
# Heap sized for a replica's working set (~50 MiB live at 32 agents and 200 subscribers): V8 left to its
# defaults grows the young generation and the old space to 300+ MiB RSS under load and keeps it. Raise
# --max-old-space-size for very large teams (docs/scale-out.md, memory).
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=192" \
    HOST=0.0.0.0 \
    PORT=7421 \
    COORDINATOR_SHUTDOWN_GRACE_SECONDS=10
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY shared/package.json shared/
COPY shared/src shared/src
COPY server/package.json server/
COPY server/src server/src
# Non-root; only the embedded database (no DATABASE_URL) writes, under the user's home.
USER node
EXPOSE 7421
# Liveness: the process answers and reaches its database (/readyz, which also wants NATS, is for the load balancer).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||7421)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains: readiness 503, requests in flight finish (COORDINATOR_SHUTDOWN_GRACE_SECONDS), then exit 0.
STOPSIGNAL SIGTERM
CMD ["node", "server/src/cli/main.ts", "serve"]
