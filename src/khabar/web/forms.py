"""The review page's forms (merge, split, undo): plain HTML forms posting here, answered by a
redirect back to the review page (post/redirect/get) with what was done or what went wrong.

When the server has a token, the form carries it in a ``token`` field; once accepted it is kept in
an HttpOnly, SameSite=Strict cookie so the reviewer types it once per browser session."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from khabar.web import actions
from khabar.web.security import TOKEN_COOKIE
from khabar.web.state import state

router = APIRouter(prefix="/review", include_in_schema=False)


def _back(
    request: Request, entity: int | None, *, done: str | None = None, error: str | None = None, token: str | None = None
) -> RedirectResponse:
    params: dict[str, Any] = {k: v for k, v in (("entity", entity), ("done", done), ("error", error)) if v}
    resp = RedirectResponse("/review" + ("?" + urlencode(params) if params else ""), status_code=303)
    st = state(request)
    if token and st.needs_token and st.token_ok(request, token):
        resp.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/")
    return resp


def _int(value: str | None, what: str) -> int:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        raise actions.ActionError(f"{what} must be an entity id (a number), not {value!r}") from None


@router.post("/merge")
def merge_form(
    request: Request,
    keep: str = Form(""),
    other: str = Form(""),
    reason: str = Form(""),
    force: bool = Form(False),
    token: str | None = Form(None),
) -> RedirectResponse:
    st = state(request)
    st.check_write(request, token)
    try:
        k, o = _int(keep, "the entity to keep"), _int(other, "the entity to merge")
        res = actions.merge(st, actions.MergeRequest(keep=k, other=o, reason=reason.strip() or None, force=force))
    except actions.ActionError as exc:
        return _back(request, None, error=str(exc), token=token)
    return _back(request, res["entity"], done=f"merged entity {o} into {k} (decision {res['decision']})", token=token)


@router.post("/split")
def split_form(
    request: Request,
    entity: int = Form(...),
    names: list[str] = Form(default_factory=list),
    documents: list[int] = Form(default_factory=list),
    token: str | None = Form(None),
) -> RedirectResponse:
    st = state(request)
    st.check_write(request, token)
    try:
        if not names and not documents:
            raise actions.ActionError("tick the names or the articles to move out into a new entity")
        res = actions.split(st, entity, actions.SplitRequest(names=names, documents=documents))
    except actions.ActionError as exc:
        return _back(request, entity, error=str(exc), token=token)
    return _back(
        request,
        entity,
        done=f"split {res['moved']} mention group(s) out into entity {res['new_entity']} (decision {res['decision']})",
        token=token,
    )


@router.post("/undo")
def undo_form(
    request: Request, decision: int = Form(...), entity: int | None = Form(None), token: str | None = Form(None)
) -> RedirectResponse:
    st = state(request)
    st.check_write(request, token)
    try:
        res = actions.undo(st, decision)
    except actions.ActionError as exc:
        return _back(request, entity, error=str(exc), token=token)
    return _back(
        request, res.get("entity", entity), done=f"undid decision {decision} (decision {res['decision']})", token=token
    )
