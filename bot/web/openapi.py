"""The OpenAPI 3.1 document of the partner API, served at `/api/v1/openapi.json`."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.web.keys import SETTINGS
from bot.web.partner_api import MAX_CODE, MAX_ORDER_CENTS, REFUSALS

_ERROR_CODES = sorted(
    {code for _, code in REFUSALS.values()}
    | {"invalid_request", "unauthorized", "too_many_failures", "idempotency_key_reused"}
)


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _code_body(redeeming: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "code": {
            "type": "string",
            "maxLength": MAX_CODE,
            "description": "The PASETO v4.public token (from the QR code) or the short code.",
        }
    }
    if redeeming:
        properties["order_value_cents"] = {
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": MAX_ORDER_CENTS,
            "description": "The order's value in cents; counted as revenue in the drop's summary.",
        }
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["code"],
                    "additionalProperties": False,
                    "properties": properties,
                }
            }
        },
    }


def _operation(redeeming: bool) -> dict[str, Any]:
    verb = "Redeem" if redeeming else "Check"
    responses: dict[str, Any] = {
        "200": {
            "description": "Redeemed now." if redeeming else "The code is valid (not redeemed).",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{verb}ed"}}},
        },
        "400": _error("invalid_request: the body or a header is malformed."),
        "401": _error("unauthorized: no live API key."),
        "403": _error("out_of_scope: the code is for a drop this key does not cover."),
        "404": _error("unknown_code: forged, mistyped, or never issued."),
        "409": _error("already_redeemed: `error.redeemed_at` says when."),
        "410": _error("code_expired or code_revoked."),
        "429": _error("too_many_failures: see the Retry-After header."),
    }
    parameters: list[dict[str, Any]] = []
    if redeeming:
        responses["422"] = _error("idempotency_key_reused: the key came with another request.")
        parameters.append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                "description": "A retry with the same key and body returns the first answer "
                "(with the header `Idempotent-Replayed: true`).",
            }
        )
    return {
        "operationId": f"{verb.lower()}Code",
        "summary": f"{verb} a code"
        + (" once; the entitlement cannot be redeemed again" if redeeming else ""),
        "security": [{"partnerKey": []}],
        "parameters": parameters,
        "requestBody": _code_body(redeeming),
        "responses": responses,
    }


def document(server_url: str) -> dict[str, Any]:
    timestamp = {"type": "string", "format": "date-time"}
    checked = {
        "type": "object",
        "required": ["status", "drop_id", "serial", "expires_at"],
        "properties": {
            "status": {"const": "valid"},
            "drop_id": {"type": "integer"},
            "serial": {"type": "integer"},
            "expires_at": timestamp,
        },
    }
    redeemed = {
        "type": "object",
        "required": ["status", "drop_id", "serial", "redeemed_at"],
        "properties": {
            "status": {"const": "redeemed"},
            "drop_id": {"type": "integer"},
            "serial": {"type": "integer"},
            "expires_at": timestamp,
            "redeemed_at": timestamp,
            "order_value_cents": {"type": ["integer", "null"]},
        },
    }
    error = {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {
                    "code": {"type": "string", "enum": _ERROR_CODES},
                    "message": {"type": "string"},
                    "redeemed_at": timestamp,
                    "drop_id": {"type": "integer"},
                    "serial": {"type": "integer"},
                },
            }
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "fairdrop partner API",
            "version": "1",
            "description": "Check and redeem drop codes. Tokens can also be verified offline "
            "with the public keys at /.well-known/fairdrop-keys.json (PASERK k4.public).",
        },
        "servers": [{"url": server_url.rstrip("/") + "/api/v1"}],
        "paths": {
            "/codes/check": {"post": _operation(False)},
            "/codes/redeem": {"post": _operation(True)},
        },
        "components": {
            "securitySchemes": {
                "partnerKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A key from `fairdrop partners create`.",
                }
            },
            "schemas": {"Checked": checked, "Redeemed": redeemed, "Error": error},
        },
    }


async def openapi_json(request: web.Request) -> web.Response:
    return web.json_response(document(request.app[SETTINGS].web.public_url))
