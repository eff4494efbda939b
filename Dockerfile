# Production image: the SPA built with Node, the API with Rust, served by one binary.
FROM node:20-bookworm-slim AS spa
WORKDIR /src
COPY openapi/ openapi/
COPY frontend/package.json frontend/package-lock.json frontend/
RUN cd frontend && npm ci --no-audit --no-fund
COPY frontend/ frontend/
RUN cd frontend && npm run build

FROM rust:1.95-bookworm AS api
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY api/ api/
COPY tests/ tests/
RUN cargo build --release -p xueshi

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* && useradd --system --home /var/lib/xueshi xueshi
COPY --from=api /src/target/release/xueshi /usr/local/bin/xueshi
COPY --from=spa /src/frontend/dist /usr/share/xueshi/dist
ENV XUESHI_BIND=0.0.0.0:8080 XUESHI_STATIC_DIR=/usr/share/xueshi/dist XUESHI_DATA_DIR=/var/lib/xueshi
USER xueshi
EXPOSE 8080
HEALTHCHECK CMD curl -fs http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["xueshi"]
CMD ["serve"]
