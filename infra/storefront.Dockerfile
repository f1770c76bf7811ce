# syntax=docker/dockerfile:1
#
# The storefront: the SvelteKit app (adapter-node) that serves every tenant's public site.
# Build from the repository root:
#
#   docker build -f infra/storefront.Dockerfile -t accessplus-storefront .
#
# Run-time environment: API_URL, STOREFRONT_BASE_DOMAIN, PORT (see infra/README.md). ORIGIN is
# deliberately left unset: the organizer is read from each request's Host header, which a fixed
# ORIGIN would replace. Behind a proxy, set PROTOCOL_HEADER=x-forwarded-proto and
# HOST_HEADER=x-forwarded-host instead.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS pnpm
# The pnpm that writes pnpm-lock.yaml. Installed from npm: corepack downloads are not allowed
# in our environments.
ARG PNPM_VERSION=12.21.0
RUN npm install --global pnpm@${PNPM_VERSION} && npm cache clean --force
ENV PNPM_CONFIG_STORE_DIR=/pnpm/store
WORKDIR /app

# Dependencies from the manifests and the lockfile only, so that a source change reuses this
# layer.
FROM pnpm AS deps
COPY pnpm-workspace.yaml package.json pnpm-lock.yaml .npmrc ./
COPY api/package.json api/
COPY sdk/package.json sdk/
COPY storefront/package.json storefront/
COPY admin/package.json admin/
RUN pnpm install --frozen-lockfile --filter "@accessplus/storefront..."

# The sdk comes along in case the storefront imports it: Vite bundles it from source.
# The deploy keeps only production dependencies, which adapter-node leaves out of the bundle.
FROM deps AS build
COPY tsconfig.base.json ./
COPY sdk/ sdk/
COPY storefront/ storefront/
RUN pnpm --filter @accessplus/storefront run build \
 && pnpm deploy --filter @accessplus/storefront --prod --offline /out/storefront

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=5173
WORKDIR /app
COPY --from=build /out/storefront/package.json ./
COPY --from=build /out/storefront/node_modules ./node_modules
COPY --from=build /app/storefront/build ./build
USER node
EXPOSE 5173
CMD ["node", "build"]
