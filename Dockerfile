# wxcc-sandbox: slim, non-root, health-checked. The command is the README's `mockserver serve`.
# Bound to 0.0.0.0, it needs an admin token for /sandbox: give MOCKSERVER_ADMIN_TOKEN, or read the
# one it generates from the log or /data/admin-token (`docker compose exec sandbox cat /data/admin-token`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    MOCKSERVER_HOST=0.0.0.0 MOCKSERVER_PORT=8765 \
    MOCKSERVER_DATABASE_URL=sqlite:////data/mockserver.db \
    MOCKSERVER_ADMIN_TOKEN_FILE=/data/admin-token

WORKDIR /app
# What the wheel is built from (setup.py puts the fixtures, the OpenAPI document and the lab map
# inside the package).
COPY pyproject.toml setup.py MANIFEST.in README.md ./
COPY mockserver ./mockserver
COPY fixtures ./fixtures
COPY openapi/openapi.json ./openapi/openapi.json
COPY docs/labs.md ./docs/labs.md
RUN pip install --no-cache-dir ".[postgres]" \
 && useradd --create-home --uid 10001 sandbox \
 && mkdir -p /data && chown sandbox /data

USER sandbox
VOLUME ["/data"]
EXPOSE 8765
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8765/sandbox/health', timeout=2).status == 200 else 1)"

CMD ["mockserver", "serve"]
