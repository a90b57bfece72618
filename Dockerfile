# The same steps as the README: npm ci, npm run build, then node dist/main.js; served on 0.0.0.0:8080.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY openapi ./openapi
COPY scenarios ./scenarios
# The seed is the image's, outside the data volume: a host folder mounted on /app/data would hide
# it there, and a named volume would keep an old one across image upgrades. The build starts the
# server once (scripts/build-cli.mjs, for its code cache), with this seed.
COPY data/seed.json /app/seed/seed.json
RUN GENESYS_MOCK_SEED=/app/seed/seed.json npm run build && npm prune --omit=dev
# The data folder belongs to the user the server runs as, not root.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
ENV HOST=0.0.0.0 PORT=8080 GENESYS_MOCK_DATA=/app/data/db.json GENESYS_MOCK_SEED=/app/seed/seed.json
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:8080/__admin/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/main.js"]
