# syntax=docker/dockerfile:1
#
# The live server (apps/live) as a container. Build from the repository root:
#
#   docker build -t roundtable-live .
#   docker run --rm -p 8787:8787 --env-file live.env roundtable-live
#
# Three stages:
#   build    whole workspace installed; esbuild bundles apps/live/src into apps/live/dist
#            (@roundtable/* workspace packages are bundled in, registry packages stay external)
#   deps     the live server's production dependencies alone, pinned by the root package-lock.json
#   runtime  node + those dependencies + dist/, run as the unprivileged `node` user
#
# apps/live/test-prod/production-start.test.ts replays the `deps` stage and the runtime CMD outside
# Docker (Docker cannot run where the tests run). It understands only FROM/ARG/WORKDIR/COPY/RUN in
# that stage and fails loudly on anything else, so keep the stage to those instructions.

# An exact release of Node's LTS line (26, Docker's `node:lts`): the production-start test fetches
# this very build from the npm registry and runs the CMD on it (test-prod/imageNode.ts). Node 20
# reached its end of life in April 2026; the test machines' toolchain is still Node 20.
ARG NODE_VERSION=26.12.1
ARG NPM_VERSION=11.19.1

FROM node:${NODE_VERSION}-bookworm-slim AS base
ARG NPM_VERSION
# The npm the lock was written with (package.json "packageManager").
RUN npm install -g "npm@${NPM_VERSION}" --no-audit --no-fund && npm cache clean --force

# ---------------------------------------------------------------------------------------------
FROM base AS build
WORKDIR /repo
# Manifests first, so the install layer is reused until a manifest or the lock changes. Every
# workspace manifest is copied so the lock matches the workspace exactly.
COPY package.json package-lock.json .npmrc ./
COPY config/package.json config/
COPY apps/live/package.json apps/live/
COPY apps/local-services/package.json apps/local-services/
COPY apps/web/package.json apps/web/
# `npm install`, not `npm ci`: the lock has no entries for other platforms' optional binaries
# (turbo's), which `npm ci` refuses; `npm install` still follows the lock (see README).
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund
COPY config/ config/
COPY apps/live/ apps/live/
RUN npm run build -w apps/live

# ---------------------------------------------------------------------------------------------
FROM base AS deps
WORKDIR /app
COPY package-lock.json ./
COPY apps/live/package.json ./live.package.json
# The image's package.json: apps/live's registry dependencies (the @roundtable/* ones are in the
# bundle) and "type": "module" for dist/main.js. The copied root lock pins every version.
RUN node -e 'const fs = require("fs"); const live = JSON.parse(fs.readFileSync("live.package.json", "utf8")); const dependencies = Object.fromEntries(Object.entries(live.dependencies).filter(([name]) => !name.startsWith("@roundtable/"))); fs.writeFileSync("package.json", JSON.stringify({ name: "roundtable-live", private: true, type: "module", dependencies }, null, 2) + "\n");'
# No dev dependencies, no peer-only packages (typescript, a types-only peer of tRPC), no install
# scripts: nothing at runtime needs them.
RUN --mount=type=cache,target=/root/.npm npm install --omit=dev --omit=peer --ignore-scripts --no-audit --no-fund

# ---------------------------------------------------------------------------------------------
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    LIVE_HOST=0.0.0.0 \
    LIVE_PORT=8787
WORKDIR /app
# Owned by root and read-only to the server: the process cannot rewrite its own code.
COPY --from=deps /app/package.json ./package.json
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /repo/apps/live/dist ./dist
# npm/npx/corepack are not needed at runtime; removing them removes their vulnerabilities too.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
      /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack
USER node
EXPOSE 8787
# The slim image has no curl; Node's fetch does the probe. (Fly uses fly.toml's checks instead.)
HEALTHCHECK --interval=15s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.LIVE_PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The server flushes every room's snapshot on SIGTERM (within SHUTDOWN_FLUSH_MS), then exits 0.
# Give `docker stop` more than that: docker stop -t 30.
STOPSIGNAL SIGTERM
# Exec form: node is the process that receives the signal (no shell in between).
# --no-memory-reducer: with V8's memory reducer on, a major GC after the server had been quiet left
# it with a small young generation (25-40 scavenges per 6 s at 200 rooms instead of 2) for as long
# as measured; with it off the young generation kept its size (docs/benchmarks.md, "The memory
# reducer"). The VM is the server's alone: memory handed back to it buys nothing.
CMD ["node", "--enable-source-maps", "--no-memory-reducer", "dist/main.js"]
