"""The assistant app in the JSON API."""

from ninja import Router

router = Router()
