"""The service's OpenAPI description beyond what FastAPI infers (request bodies read
by hand, the report and error answers), and its docs pages served offline.
"""

from __future__ import annotations

from fastapi import FastAPI, Request

from reprint.service.bodies import DocumentBody, NoticeBody

__all__ = [
    "CHECK_BODY",
    "DOCS_ASSETS",
    "ERROR",
    "NOTICE_BODY",
    "REPORT_RESPONSE",
    "offline_docs",
]


def _inlined(schema: dict[str, object]) -> dict[str, object]:
    """A JSON schema with its ``$defs`` put in place of their references, as an
    OpenAPI request body must have them (its ``$ref``s point into the document)."""
    definitions = schema.pop("$defs", {})
    assert isinstance(definitions, dict)

    def resolve(node: object) -> object:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved = resolve(schema)
    assert isinstance(resolved, dict)
    return resolved


NOTICE_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": _inlined(NoticeBody.model_json_schema(by_alias=True))
        }
    },
}

CHECK_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "assume_reprint": {"type": "boolean", "default": False},
                },
            }
        },
        "application/json": {"schema": DocumentBody.model_json_schema()},
    },
}

REPORT_RESPONSE = {
    "description": "The same JSON as `reprint check --format json`: "
    '{"version": "1.0", "reports": [report]}; the schema ships in the package '
    "as reprint/schemas/report.schema.json.",
    "content": {"application/json": {"schema": {"type": "object"}}},
}
ERROR = {
    "description": "An error, with a message naming what to fix.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"type": "string"}},
            }
        }
    },
}


# Swagger UI and ReDoc, as the fastapi-offline package ships them (the registry's
# copy, not files copied in here), served under this path.
DOCS_ASSETS = "/docs-assets"


def offline_docs(app: FastAPI) -> None:
    """/docs and /redoc with every script, style sheet and icon served locally."""
    from importlib.resources import files

    from fastapi.openapi.docs import (
        get_redoc_html,
        get_swagger_ui_html,
        get_swagger_ui_oauth2_redirect_html,
    )
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    assets = str(files("fastapi_offline") / "static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"
    redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=f"{root}{redirect_url}",
            swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
            # Swagger UI would send the description to validator.swagger.io.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @app.get(redirect_url, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{DOCS_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
            with_google_fonts=False,
        )
