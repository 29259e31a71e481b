"""The Render Blueprint reader: PYTHON_VERSION of Python services, own or from a group."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources import source_for
from pyparity.sources.render import matches, read

PATH = "render.yaml"

# modelled on a Django app's Blueprint: a web service and a worker sharing a group of
# variables, a static site, a Redis instance and a database
DJANGO = """\
databases:
  - name: shop-db
    plan: basic-256mb

services:
  - type: redis
    name: shop-cache
    ipAllowList: []
  - type: web
    name: shop-web
    runtime: python
    plan: starter
    buildCommand: ./bin/render-build.sh
    startCommand: gunicorn shop.wsgi:application
    envVars:
      - key: DATABASE_URL
        fromDatabase:
          name: shop-db
          property: connectionString
      - fromGroup: shop-settings
  - type: worker
    name: shop-worker
    runtime: python
    startCommand: celery -A shop worker
    envVars:
      - fromGroup: shop-settings
  - type: web
    name: shop-docs
    runtime: static
    buildCommand: make html
    staticPublishPath: docs/_build/html

envVarGroups:
  - name: shop-settings
    envVars:
      - key: PYTHON_VERSION
        value: "3.12.7"   # Render reads this before .python-version
      - key: DJANGO_SETTINGS_MODULE
        value: shop.settings.production
"""


def brief(found):
    return [(d.raw, d.line, d.role, d.purpose, d.anchor) for d in found]


def test_a_group_shared_by_two_services_is_one_pin():
    found = read(text_file(PATH, DJANGO))
    assert brief(found) == [("3.12.7", 37, Role.PIN, Purpose.RUNTIME, None)]
    assert found[0].context == (
        "Render service shop-web, PYTHON_VERSION from environment group shop-settings"
    )
    assert (found[0].span.column, found[0].span.end_column) == (17, 23)  # inside the quotes


def test_a_services_own_value_wins_and_root_dir_places_it():
    text = """\
services:
  - type: web
    name: api
    env: python
    rootDir: ./services/api/
    envVars:
      - fromGroup: common
      - key: PYTHON_VERSION
        value: 3.10
  - type: web
    name: ui
    runtime: node
    envVars:
      - key: PYTHON_VERSION
        value: '3.9'
envVarGroups:
  - name: common
    envVars:
      - {key: PYTHON_VERSION, value: '3.11'}
"""
    found = read(text_file("deploy/render.yaml", text))
    assert brief(found) == [("3.10", 9, Role.PIN, Purpose.RUNTIME, "deploy/services/api")]
    assert found[0].yaml_loaded_as == "3.1"  # unquoted: Render gets the number 3.1


def test_one_value_for_services_in_two_folders_is_declared_in_each():
    text = """\
services:
  - {type: web, name: a, runtime: python, rootDir: a, envVars: [{fromGroup: g}]}
  - {type: web, name: b, runtime: python, rootDir: b, envVars: [{fromGroup: g}]}
  - {type: web, name: c, runtime: python, rootDir: b, envVars: [{fromGroup: g}]}
envVarGroups:
  - name: g
    envVars:
      - key: PYTHON_VERSION
        value: "3.13"
"""
    found = read(text_file(PATH, text))
    assert [(d.raw, d.line, d.anchor) for d in found] == [("3.13", 9, "a"), ("3.13", 9, "b")]


def test_a_root_dir_outside_the_tree_is_not_followed():
    text = (
        "\ufeffservices:\r\n  - type: web\r\n    runtime: python\r\n    rootDir: ../../etc\r\n"
        "    envVars:\r\n      - key: PYTHON_VERSION\r\n        value: 3.12.1\r\n"
    )
    found = read(text_file(PATH, text))
    assert brief(found) == [("3.12.1", 7, Role.PIN, Purpose.RUNTIME, None)]
    assert found[0].context == "Render service (unnamed), PYTHON_VERSION"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# no services yet\n",
        "services:\n  - type: web\n    runtime: python\n",  # Render's default, or .python-version
        "services:\n  - type: web\n    runtime: docker\n    envVars:\n      - key: PYTHON_VERSION\n        value: '3.12'\n",
        "services:\n  - type: web\n    runtime: python\n    envVars:\n      - fromGroup: missing\n",
        "services:\n  - type: web\n    runtime: python\n    envVars:\n      - key: PYTHON_VERSION\n        sync: false\n",
        "services: [web, worker]\nenvVarGroups: {a: b}\n",
    ],
)
def test_nothing_to_declare(text):
    assert read(text_file(PATH, text)) == []


def test_a_file_that_is_not_a_mapping_is_unreadable():
    with pytest.raises(UnreadableFile):
        read(text_file(PATH, "- type: web\n"))


def test_matches_only_the_blueprint():
    assert matches("render.yaml")
    assert matches("deploy/render.yaml")
    assert not matches("render.yml")  # Render looks for render.yaml
    assert not matches("templates/render.yaml.j2")
    assert source_for("render.yaml").kind == "render"
