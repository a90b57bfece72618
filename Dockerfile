# The same steps as the README: install, build, run dist/main.js; served on 0.0.0.0:8080.
FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY openapi ./openapi
COPY data/seed.json ./data/seed.json
COPY scenarios ./scenarios
RUN npm run build && npm prune --omit=dev
ENV HOST=0.0.0.0 PORT=8080 GENESYS_MOCK_DATA=/app/data/db.json
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:8080/__admin/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/main.js"]
