# syntax=docker/dockerfile:1
#
# The admin: the SvelteKit app (adapter-node) for organizers and platform staff.
# Build from the repository root:
#
#   docker build -f infra/admin.Dockerfile -t accessplus-admin .
#
# Run-time environment: API_URL, ORIGIN (the one address people reach the admin at; SvelteKit
# checks form posts against it), PORT (see infra/README.md).

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
RUN pnpm install --frozen-lockfile --filter "@accessplus/admin..."

# The sdk comes along in case the admin imports it: Vite bundles it from source.
# The deploy keeps only production dependencies, which adapter-node leaves out of the bundle.
FROM deps AS build
COPY tsconfig.base.json ./
COPY sdk/ sdk/
COPY admin/ admin/
RUN pnpm --filter @accessplus/admin run build \
 && pnpm deploy --filter @accessplus/admin --prod --offline /out/admin

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=5174 \
    BODY_SIZE_LIMIT=12M
WORKDIR /app
COPY --from=build /out/admin/package.json ./
COPY --from=build /out/admin/node_modules ./node_modules
COPY --from=build /app/admin/build ./build
USER node
EXPOSE 5174
CMD ["node", "build"]
