# syntax=docker/dockerfile:1
# The coordinator server, as users install it: the first stage builds the CLI package exactly as
# `npm run package` does for a release (bundled JavaScript, PGlite's files, no runtime dependencies), the
# second installs that tarball globally into a slim Node image. No TypeScript, no sources, no node_modules
# of the build in the image.
# test/scale/container.test.ts reads this file and starts the server with its CMD, ENV and HEALTHCHECK (no
# Docker engine needed; it runs the same CLI from the sources, and test/package/ proves the installed tarball).

ARG NODE_IMAGE=node:24-slim

# Build: all workspaces' dependencies (the bundler and the data-image builder are dev tools), then the package.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY extension/package.json extension/
COPY test/package.json test/
RUN npm ci --no-audit --no-fund
COPY scripts scripts
COPY tsconfig.base.json ./
COPY shared shared
COPY server server
# Only the CLI package (dist/agent-coordinator-<version>.tgz); the .vsix is not needed in a server image.
RUN npm run package -- --skip-vsix

FROM ${NODE_IMAGE}
# Heap sized for a replica's working set (~50 MiB live at 32 agents and 200 subscribers): V8 left to its
# defaults grows the young generation and the old space to 300+ MiB RSS under load and keeps it. Raise
# --max-old-space-size for very large teams (docs/scale-out.md, memory).
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=192" \
    HOST=0.0.0.0 \
    PORT=7421 \
    COORDINATOR_SHUTDOWN_GRACE_SECONDS=10
# The package has no runtime dependencies: installing it touches no registry.
COPY --from=build /src/dist/ /tmp/package/
RUN npm install -g --no-audit --no-fund /tmp/package/agent-coordinator-*.tgz \
 && rm -rf /tmp/package \
 && npm cache clean --force
# Non-root; only the embedded database (no DATABASE_URL) writes, under the user's home.
USER node
WORKDIR /home/node
EXPOSE 7421
# Liveness: the process answers and reaches its database (/readyz, which also wants NATS, is for the load balancer).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||7421)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains: readiness 503, requests in flight finish (COORDINATOR_SHUTDOWN_GRACE_SECONDS), then exit 0.
STOPSIGNAL SIGTERM
CMD ["agent-coordinator", "serve"]
