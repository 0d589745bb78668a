# The bot on slim Python: installed with `pip install .` exactly as CI installs it, run as a
# non-root user, everything it stores under the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --system --uid 10001 --home-dir /data --no-create-home newsbot \
    && mkdir -p /data \
    && chown newsbot:newsbot /data

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN python -m venv /opt/newsbot && /opt/newsbot/bin/pip install /app

ENV PATH=/opt/newsbot/bin:$PATH \
    DATABASE_URL=sqlite:////data/newsbot.db \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080

USER newsbot
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('HTTP_PORT', '8080') + '/healthz', timeout=4)"]

CMD ["python", "-m", "bot", "run"]
