# The pyparity GitHub Action. Python minor = .python-version (a test keeps them equal).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# Every dependency pinned by hash: the same image from every build.
COPY requirements/action.lock /app/requirements/action.lock
RUN python -m venv --without-pip /opt/pyparity \
 && python -m pip --python /opt/pyparity/bin/python install --no-cache-dir --require-hashes \
        --no-deps --only-binary=:all: -r /app/requirements/action.lock \
 && find /opt/pyparity -name '__pycache__' -prune -exec rm -rf {} +

# pyparity itself runs from its source tree (no build backend needed in the image).
COPY src/pyparity /app/src/pyparity
COPY entrypoint.py /app/entrypoint.py
RUN /opt/pyparity/bin/python -c "import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()['purelib'], 'pyparity-src.pth').write_text('/app/src\n')" \
 && /opt/pyparity/bin/python -c "import pyparity.gh.action, github, yaml, vermin"

ENTRYPOINT ["/opt/pyparity/bin/python", "/app/entrypoint.py"]
