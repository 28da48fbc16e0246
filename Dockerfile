# Si-Sregep service image: `docker build -t si-sregep .` then
# `docker run -p 8080:8080 -v sregep-data:/app/data si-sregep`.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    SREGEP_HOST=0.0.0.0 \
    SREGEP_PORT=8080 \
    SREGEP_LOGGING__FORMAT=json

WORKDIR /app
RUN useradd --create-home --uid 1000 sregep

COPY pyproject.toml requirements.lock README.md ./
COPY attendance attendance
COPY bot bot
COPY config config
COPY geofence geofence
COPY recognition recognition
COPY scheduler scheduler
COPY service service
COPY terminals terminals
COPY admin_web admin_web
RUN pip install -c requirements.lock . && mkdir -p /app/data && chown sregep /app/data

USER sregep
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['SREGEP_PORT'])"
CMD ["sregep", "serve"]
