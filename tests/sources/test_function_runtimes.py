"""Runtime ids of function and app platforms: AWS SAM/CloudFormation, serverless, App Engine."""

import pytest
from helpers import text_file

from pyparity.errors import UnreadableFile
from pyparity.model import Purpose, Role
from pyparity.sources import app_engine, aws_sam, serverless


def summary(declaration):
    span = declaration.span
    version = declaration.requirement.version if declaration.requirement else None
    return (
        declaration.raw,
        declaration.role,
        version,
        (span.line, span.column, span.end_column),
        declaration.context,
    )


SAM = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: {Type: String}
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      CodeUri: !Sub 's3://${Bucket}/code.zip'
      Role: !GetAtt ApiRole.Arn
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: "python3.11"
      Environment:
        Variables:
          STAGE: !Ref Stage
  Picked:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: !If [IsProd, python3.12, python3.13]
  Node:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
  Bucket:
    Type: AWS::S3::Bucket
"""


def test_sam_template_with_intrinsic_tags():
    found = aws_sam.read(text_file("template.yaml", SAM))
    assert [summary(d) for d in found] == [
        ("python3.12", Role.PIN, "3.12", (7, 20, 24), "Globals.Function.Runtime"),
        ("python3.11", Role.PIN, "3.11", (19, 23, 27), "function Worker"),
    ]
    assert all(d.purpose is Purpose.RUNTIME for d in found)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("template.yaml", True, id="template-yaml"),
        pytest.param("infra/template.yml", True, id="nested-yml"),
        pytest.param("infra/api.template.yaml", True, id="prefixed"),
        pytest.param("templates/deployment.yaml", False, id="helm"),
    ],
)
def test_sam_matches(path, expected):
    assert aws_sam.matches(path) is expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Resources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties: {Runtime: python3.12}\n",
            id="no-marker",
        ),
        pytest.param("name: {{ .Values.name }}\n  bad: [\n", id="other-broken-yaml"),
        pytest.param("", id="empty"),
        pytest.param("- a list\n", id="list"),
    ],
)
def test_sam_ignores_files_that_are_not_templates(text):
    assert aws_sam.read(text_file("template.yaml", text)) == []


def test_sam_broken_template_is_unreadable():
    with pytest.raises(UnreadableFile):
        aws_sam.read(
            text_file("template.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n")
        )


def test_sam_crlf_bom():
    text = "\ufeffTransform:\r\n  - AWS::Serverless-2016-10-31\r\nGlobals:\r\n  Function:\r\n    Runtime: python3.13\t# newest\r\n"
    [declaration] = aws_sam.read(text_file("template.yml", text))
    assert summary(declaration)[3] == (5, 20, 24)


SERVERLESS = """\
service: orders
frameworkVersion: '3'
provider:
  name: aws
  runtime: python3.12
  stage: ${opt:stage, 'dev'}
functions:
  create:
    handler: handler.create
  legacy:
    handler: legacy.main
    runtime: python3.9
  thumbnails:
    handler: thumbs.js
    runtime: nodejs20.x
  picked:
    handler: p.main
    runtime: ${self:custom.python}
"""


def test_serverless():
    found = serverless.read(text_file("serverless.yml", SERVERLESS))
    assert [summary(d) for d in found] == [
        ("python3.12", Role.PIN, "3.12", (5, 18, 22), "provider.runtime"),
        ("python3.9", Role.PIN, "3.9", (12, 20, 23), "function legacy"),
        ("${self:custom.python}", Role.UNRESOLVED, None, (18, 14, 35), "function picked"),
    ]


def test_serverless_python_variable_is_unresolved():
    text = "provider:\n  runtime: ${self:custom.pythonRuntime}\n"
    [declaration] = serverless.read(text_file("serverless.yaml", text))
    assert (declaration.role, declaration.purpose) == (Role.UNRESOLVED, Purpose.RUNTIME)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", [], id="empty"),
        pytest.param("service: x\n", [], id="no-runtime"),
        pytest.param("provider:\n  runtime: nodejs20.x\n", [], id="node"),
    ],
)
def test_serverless_nothing(text, expected):
    assert serverless.read(text_file("serverless.yml", text)) == expected


def test_serverless_garbage():
    with pytest.raises(UnreadableFile):
        serverless.read(text_file("serverless.yml", "provider: [\n"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "runtime: python312\ninstance_class: F2\nentrypoint: gunicorn -b :$PORT main:app\n",
            [("python312", Role.PIN, "3.12", (1, 16, 19), "runtime")],
            id="standard-312",
        ),
        pytest.param(
            "runtime: 'python39'\n",
            [("python39", Role.PIN, "3.9", (1, 17, 19), "runtime")],
            id="standard-39-quoted",
        ),
        pytest.param(
            "runtime: python27\napi_version: 1\n",
            [("python27", Role.PIN, "2.7", (1, 16, 18), "runtime")],
            id="legacy-27",
        ),
        pytest.param(
            "runtime: python\nenv: flex\nruntime_config:\n  operating_system: ubuntu22\n  python_version: 3.10\n",
            [
                (
                    "3.10",
                    Role.PIN,
                    "3.10",
                    (5, 19, 23),
                    "runtime_config.python_version (flexible environment)",
                )
            ],
            id="flexible",
        ),
        pytest.param("runtime: python\nenv: flex\n", [], id="flexible-without-version"),
        pytest.param("runtime: nodejs20\n", [], id="node"),
        pytest.param("name: my-app\nversion: 1\n", [], id="other-tool"),
        pytest.param("{{ template }}: [\n", [], id="other-tool-broken"),
        pytest.param("", [], id="empty"),
    ],
)
def test_app_engine(text, expected):
    assert [summary(d) for d in app_engine.read(text_file("app.yaml", text))] == expected


def test_app_engine_flexible_float_is_reported():
    text = "runtime: python\nruntime_config:\n  python_version: 3.10\n"
    [declaration] = app_engine.read(text_file("app.yaml", text))
    assert declaration.yaml_loaded_as == "3.1"


def test_app_engine_broken_is_unreadable():
    with pytest.raises(UnreadableFile):
        app_engine.read(text_file("app.yaml", "runtime: [python312\n"))


@pytest.mark.parametrize(
    ("module", "path", "expected"),
    [
        pytest.param(serverless, "serverless.yml", True, id="serverless"),
        pytest.param(serverless, "svc/serverless.yaml", True, id="serverless-nested"),
        pytest.param(serverless, "serverless.ts", False, id="serverless-ts"),
        pytest.param(app_engine, "app.yaml", True, id="gae"),
        pytest.param(app_engine, "services/api/app.yaml", True, id="gae-nested"),
        pytest.param(app_engine, "dispatch.yaml", False, id="gae-dispatch"),
    ],
)
def test_matches(module, path, expected):
    assert module.matches(path) is expected
