# syntax=docker/dockerfile:1
#
# The Access Plus API: the Fastify service, its migrations and its CLI.
# Build from the repository root:
#
#   docker build -f infra/api.Dockerfile -t accessplus-api .
#
# The container needs DATABASE_URL (see infra/README.md): without it the API would start the
# embedded PostgreSQL inside the container, whose data is lost with the container.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS pnpm
# The pnpm that writes pnpm-lock.yaml. Installed from npm: corepack downloads are not allowed
# in our environments.
ARG PNPM_VERSION=12.21.0
RUN npm install --global pnpm@${PNPM_VERSION} && npm cache clean --force
ENV PNPM_CONFIG_STORE_DIR=/pnpm/store
WORKDIR /app

# Dependencies first, from the manifests and the lockfile only, so that a source change
# reuses this layer.
FROM pnpm AS deps
COPY pnpm-workspace.yaml package.json pnpm-lock.yaml .npmrc ./
COPY api/package.json api/
COPY sdk/package.json sdk/
COPY storefront/package.json storefront/
COPY admin/package.json admin/
RUN pnpm install --frozen-lockfile --filter @accessplus/api

# A self-contained copy of the API with its own dependencies and none of the workspace's
# tools (Biome, Redocly). devDependencies stay: tsx runs the TypeScript sources.
FROM deps AS deploy
COPY api/ api/
RUN pnpm deploy --filter @accessplus/api --offline /out/api

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
# Owned by root and only readable by the `node` user: the process cannot rewrite its own code.
# The migrator reads ../migrations relative to api/ (api/src/db/migrate.ts).
COPY --from=deploy /out/api ./api
COPY migrations ./migrations
# Where the embedded default would keep its cluster and uploaded files are kept without S3_BUCKET
# (api/src/config.ts), writable for `node`; volumes mounted on .data/files and .data/keys take that owner.
RUN mkdir -p .data/files .data/keys && chown -R node:node .data
USER node
WORKDIR /app/api
EXPOSE 3000
# Migrations and the first demo seed run before the port opens, hence the start period.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# tsx as a loader in this process rather than `pnpm start`: no package manager at run time, and
# SIGTERM reaches the API's own shutdown handler (src/main.ts) directly.
# Other commands: `node --import tsx src/cli.ts migrate | seed | grant-staff <email>`.
CMD ["node", "--import", "tsx", "src/main.ts"]
