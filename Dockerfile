FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=8000

# WeasyPrint (the annual report as PDF) needs Pango, HarfBuzz and a font; gettext compiles the
# translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
       fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 cicte
WORKDIR /app

# Dependencies first, from pyproject.toml, so that code changes reuse this layer.
COPY pyproject.toml README.md ./
COPY cicte/__init__.py cicte/__init__.py
COPY programs/__init__.py programs/__init__.py
COPY events/__init__.py events/__init__.py
COPY partners/__init__.py partners/__init__.py
COPY publications/__init__.py publications/__init__.py
RUN pip install .

COPY . .
RUN pip install --no-deps . \
    && DEBUG=false SECRET_KEY=collectstatic-only-not-a-real-key-000000000000000000000 \
       python manage.py collectstatic --noinput \
    && DEBUG=false SECRET_KEY=collectstatic-only-not-a-real-key-000000000000000000000 \
       python manage.py compilemessages --ignore=.venv --ignore=node_modules

USER cicte
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)"
CMD ["sh", "-c", "gunicorn cicte.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --access-logfile -"]
