# Order Desk - Node image for Railway (or any Docker host).
# Build stage: full install, bundle our TypeScript into dist/server.js.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime stage: production dependencies only, the bundle, the migrations. Migrations run at
# process start (volumes mount at container start, not at build time).
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
# Two malloc arenas instead of glibc's eight per core: what SQLite frees on the driver's threads
# stayed resident in their own arenas (15-20 MB of the peak; docs/domain/read-model.md#memory-form).
# glibc reads it when the process starts, so it cannot be set by the Node entry.
ENV MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/server.js /app/dist/server.js.map ./dist/
COPY migrations ./migrations
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 0755 /usr/local/bin/docker-entrypoint.sh
# The app runs as the unprivileged `node` user. Railway mounts volumes owned by root: set
# RAILWAY_RUN_UID=0 on the service and the entrypoint hands the volume to `node`, then drops
# privileges before the app starts (see docker-entrypoint.sh and README "Railway").
USER node
EXPOSE 8000
ENTRYPOINT ["docker-entrypoint.sh"]
# V8's young generation at most 2 x 8 MB instead of 2 x 16 MB (docs/domain/read-model.md#memory-form);
# read when the heap is set up, so a flag of the command, not of the Node entry.
CMD ["node", "--max-semi-space-size=8", "dist/server.js"]
