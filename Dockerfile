# The pyparity GitHub Action's image, published by .github/workflows/release.yml as
# ghcr.io/pyparity/pyparity:vX.Y.Z. Python minor = .python-version (a test keeps them equal).
# The base is pinned by digest: the multi-platform index of python:3.11-slim (3.11.15 on
# Debian trixie, built 2026-08-05) as the Docker Official Images' repo-info records it. It was
# read from that record, not pulled (no registry is reachable where it was written): the
# first release build verifies it. Dependabot (.github/dependabot.yml) proposes the new
# digest when the tag moves. To refresh by hand:
#   docker buildx imagetools inspect python:3.11-slim --format '{{json .Manifest.Digest}}'
FROM python:3.11-slim@sha256:90744cff8f32887f075c47d747a173ff333e9e98801667af93c357fa9f5e28ff

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Every dependency pinned by hash: the same image from every build.
COPY requirements/action.lock /app/requirements/action.lock
RUN python -m venv --without-pip /opt/pyparity \
 && python -m pip --python /opt/pyparity/bin/python install --no-cache-dir --require-hashes \
        --no-deps --only-binary=:all: -r /app/requirements/action.lock \
 && find /opt/pyparity -name '__pycache__' -prune -exec rm -rf {} + \
 && /opt/pyparity/bin/python -m compileall -q --invalidation-mode unchecked-hash /opt/pyparity

# pyparity itself runs from its source tree (no build backend needed in the image).
COPY src/pyparity /app/src/pyparity
COPY entrypoint.py /app/entrypoint.py
# Bytecode compiled at build time: PYTHONDONTWRITEBYTECODE keeps every run from writing it,
# so without it each run would compile PyGithub and pyparity again (about 0.4 s). Hash-based
# .pyc files do not record the build's timestamps.
RUN /opt/pyparity/bin/python -c "import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()['purelib'], 'pyparity-src.pth').write_text('/app/src\n')" \
 && /opt/pyparity/bin/python -m compileall -q --invalidation-mode unchecked-hash /app/src \
 && /opt/pyparity/bin/python -c "import pyparity.gh.action, github, yaml, vermin"

ENTRYPOINT ["/opt/pyparity/bin/python", "/app/entrypoint.py"]
