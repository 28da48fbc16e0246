"""A fake Telegram Bot API server for tests and for `sregep sandbox`.

It speaks the Bot API over real HTTP on localhost, so python-telegram-bot talks to it through
``base_url``/``base_file_url`` exactly as it talks to Telegram: long polling with offsets and
timeouts, ``getFile`` and file downloads, sending and editing messages, photos and locations,
callback queries and ``getChatMember``; after ``setWebhook`` it posts updates to the bot's
webhook with the secret-token header instead, as Telegram does. The driving side (a test, or
the sandbox command) pushes updates as a user would and reads what the bot sent.

Every call the bot makes is checked against the method's required fields and their types; a wrong
call gets Telegram's ``400 Bad Request`` and is kept in :attr:`FakeBotApi.rejected`, so a test can
assert that the bot never made one. Errors can be injected once per method (a 429 with
``retry_after``, a 403 for a user who blocked the bot).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import itertools
import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, ClientSession, web

JsonDict = dict[str, Any]

BOT_USER: JsonDict = {
    "id": 9000001,
    "is_bot": True,
    "first_name": "Si-Sregep",
    "username": "sregep_bot",
}

SANDBOX_GROUP = -1000000000001
SANDBOX_ADMIN = 500

# Required fields of each supported method, with the types Telegram accepts for them.
INT = (int,)
ID = (int, str)
TEXT = (str,)
NUMBER = (int, float)
REQUIRED: Mapping[str, Mapping[str, tuple[type, ...]]] = {
    "getMe": {},
    "getUpdates": {},
    "deleteWebhook": {},
    "setWebhook": {"url": TEXT},
    "setMyCommands": {"commands": (list,)},
    "getChat": {"chat_id": ID},
    "sendMessage": {"chat_id": ID, "text": TEXT},
    "sendPhoto": {"chat_id": ID, "photo": (str, bytes)},
    "sendDocument": {"chat_id": ID, "document": (str, bytes)},
    "sendLocation": {"chat_id": ID, "latitude": NUMBER, "longitude": NUMBER},
    "sendChatAction": {"chat_id": ID, "action": TEXT},
    "editMessageText": {"text": TEXT},
    "editMessageReplyMarkup": {},
    "deleteMessage": {"chat_id": ID, "message_id": INT},
    "answerCallbackQuery": {"callback_query_id": TEXT},
    "getFile": {"file_id": TEXT},
    "getChatMember": {"chat_id": ID, "user_id": INT},
    "getChatAdministrators": {"chat_id": ID},
}
OPTIONAL: Mapping[str, tuple[type, ...]] = {
    "offset": INT,
    "limit": INT,
    "timeout": NUMBER,
    "allowed_updates": (list,),
    "reply_markup": (dict,),
    "parse_mode": TEXT,
    "caption": TEXT,
    "message_id": INT,
    "horizontal_accuracy": NUMBER,
    "live_period": INT,
    "show_alert": (bool,),
    "reply_parameters": (dict,),
    "entities": (list,),
    "disable_notification": (bool,),
    "protect_content": (bool,),
}
ADMIN_RIGHTS = (
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
)
PARSE_MODES = {"HTML", "Markdown", "MarkdownV2"}
MAX_TEXT = 4096
MAX_CAPTION = 1024


@dataclass(frozen=True, slots=True)
class SentCall:
    """One call the bot made: the method and its decoded parameters."""

    method: str
    params: JsonDict


@dataclass(slots=True)
class InjectedError:
    """An error to answer the next call of a method with."""

    code: int
    description: str
    retry_after: int | None = None


@dataclass(slots=True)
class _Chat:
    id: int
    type: str
    title: str | None = None


@dataclass(slots=True)
class FakeBotApi:
    """An in-process Bot API server for one bot token."""

    token: str = field(
        default_factory=lambda: f"{10**8 + secrets.randbelow(9 * 10**8)}:FAKE-sandbox"
    )
    clock: Callable[[], dt.datetime] = field(default=lambda: dt.datetime.now(dt.UTC))
    sent: list[SentCall] = field(default_factory=list)
    rejected: list[SentCall] = field(default_factory=list)
    members: dict[tuple[int, int], str] = field(default_factory=dict)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_statuses: list[int] = field(default_factory=list)
    _updates: list[JsonDict] = field(default_factory=list)
    _history: list[JsonDict] = field(default_factory=list)
    _redeliver: list[JsonDict] = field(default_factory=list)
    _files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    _errors: dict[str, list[InjectedError]] = field(default_factory=dict)
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _changed: asyncio.Condition | None = None
    _runner: web.AppRunner | None = None
    _url: str = ""

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve the API on host:port (a free port when 0)."""
        self._changed = asyncio.Condition()
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        app.router.add_post("/sandbox/message", self._control_message)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = site._server.sockets[0].getsockname()  # type: ignore[union-attr]
        self._url = f"http://{bound[0]}:{bound[1]}"

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        """Return what python-telegram-bot's ``base_url`` must be set to."""
        return f"{self._url}/bot"

    @property
    def base_file_url(self) -> str:
        """Return what python-telegram-bot's ``base_file_url`` must be set to."""
        return f"{self._url}/file/bot"

    # -- the user's side -----------------------------------------------------------------------

    async def push(self, **update: JsonDict) -> int:
        """Queue an update (``message=…``, ``edited_message=…``, ``callback_query=…``)."""
        update_id = next(self._update_ids)
        self._history.append({"update_id": update_id, **update})
        if self.webhook_url is not None:
            await self._post_to_webhook(self._history[-1])
            return update_id

        self._updates.append(self._history[-1])
        assert self._changed is not None, "start() the fake before pushing updates"
        async with self._changed:
            self._changed.notify_all()
        return update_id

    async def _post_to_webhook(self, update: JsonDict) -> None:
        """Deliver an update as Telegram does in webhook mode, with the secret-token header."""
        assert self.webhook_url is not None
        headers = {}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        async with (
            ClientSession() as session,
            session.post(self.webhook_url, json=update, headers=headers) as response,
        ):
            self.webhook_statuses.append(response.status)

    async def repush(self, update_id: int) -> None:
        """Deliver an already delivered update again, as Telegram does after a lost confirm."""
        original = next(u for u in self._history if u["update_id"] == update_id)
        if self.webhook_url is not None:
            await self._post_to_webhook(original)
            return
        self._redeliver.append(original)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()

    def add_file(self, data: bytes, path: str = "photos/file.jpg") -> tuple[str, str]:
        """Store a file a user sends; return its (file_id, file_unique_id)."""
        file_id = f"F{secrets.token_hex(8)}"
        unique_id = f"U{secrets.token_hex(6)}"
        self._files[file_id] = (f"{unique_id}/{path}", data)
        return file_id, unique_id

    @property
    def bot_user(self) -> JsonDict:
        """The bot's own user, whose id is the token's prefix as on Telegram."""
        return {**BOT_USER, "id": int(self.token.split(":", 1)[0])}

    def user(self, user_id: int, first_name: str = "Pengguna") -> JsonDict:
        """Return a Telegram user object."""
        return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "id"}

    def message(
        self,
        user_id: int,
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        date: dt.datetime | None = None,
        **content: Any,
    ) -> JsonDict:
        """Build a message from a user: pass ``text=``, ``photo=``, ``location=`` and so on."""
        chat: JsonDict = {"id": chat_id if chat_id is not None else user_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Grup Camat"
        sent_at = date or self.clock()
        return {
            "message_id": next(self._message_ids),
            "date": int(sent_at.timestamp()),
            "chat": chat,
            "from": self.user(user_id),
            **content,
        }

    def photo_sizes(self, data: bytes, width: int = 1280, height: int = 960) -> list[JsonDict]:
        """Store `data` and return the ``photo`` field of a message carrying it."""
        file_id, unique_id = self.add_file(data)
        small = {
            "file_id": file_id + "s",
            "file_unique_id": unique_id + "s",
            "width": 90,
            "height": 67,
            "file_size": 1000,
        }
        self._files[file_id + "s"] = self._files[file_id]
        large = {
            "file_id": file_id,
            "file_unique_id": unique_id,
            "width": width,
            "height": height,
            "file_size": len(data),
        }
        return [small, large]

    def fail_next(
        self, method: str, code: int, description: str, retry_after: int | None = None
    ) -> None:
        """Answer the next call of `method` with an error (429 with retry_after, 403, …)."""
        self._errors.setdefault(method, []).append(InjectedError(code, description, retry_after))

    def calls(self, method: str) -> list[JsonDict]:
        """Return the parameters of every accepted call of `method`."""
        return [call.params for call in self.sent if call.method == method]

    def texts_to(self, chat_id: int) -> list[str]:
        """Return the texts and captions the bot sent to `chat_id`, in order."""
        texts = []
        for call in self.sent:
            if str(call.params.get("chat_id")) == str(chat_id):
                text = call.params.get("text") or call.params.get("caption")
                if text:
                    texts.append(str(text))
        return texts

    async def wait_for(self, predicate: Callable[[], bool], seconds: float = 10.0) -> None:
        """Wait until `predicate` holds, or raise TimeoutError after `seconds`."""
        assert self._changed is not None
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), seconds)

    # -- the bot's side ------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _read_params(request)

        problem = _check(method, params)
        if problem is not None:
            self.rejected.append(SentCall(method, params))
            return _error(400 if method in REQUIRED else 404, problem)

        injected = self._errors.get(method)
        if injected:
            error = injected.pop(0)
            return _error(error.code, error.description, error.retry_after)

        if method == "getUpdates":
            return _ok(await self._get_updates(params))

        self.sent.append(SentCall(method, params))
        if method == "setWebhook":
            self.webhook_url = str(params["url"])
            self.webhook_secret = params.get("secret_token")
        if method == "deleteWebhook":
            self.webhook_url = None
        result = self._result(method, params)
        assert self._changed is not None
        async with self._changed:
            self._changed.notify_all()
        return _ok(result)

    async def _get_updates(self, params: JsonDict) -> list[JsonDict]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            # Confirming an offset forgets every earlier update, as Telegram does.
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

        def pending() -> list[JsonDict]:
            fresh = [u for u in self._updates if u["update_id"] >= offset]
            return (self._redeliver + fresh)[:limit]

        assert self._changed is not None
        if not pending() and timeout > 0:
            async with self._changed:
                try:
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(pending())), timeout
                    )
                except TimeoutError:
                    return []
        batch = pending()
        self._redeliver.clear()
        return batch

    def _result(self, method: str, params: JsonDict) -> Any:
        if method == "getMe":
            return self.bot_user
        if method in {
            "deleteWebhook",
            "setWebhook",
            "setMyCommands",
            "sendChatAction",
            "deleteMessage",
            "answerCallbackQuery",
        }:
            return True
        if method == "getFile":
            stored = self._files.get(params["file_id"])
            if stored is None:
                return {"file_id": params["file_id"], "file_unique_id": "gone"}
            path, data = stored
            return {
                "file_id": params["file_id"],
                "file_unique_id": path.split("/")[0],
                "file_size": len(data),
                "file_path": path,
            }
        if method == "getChatMember":
            status = self.members.get((int(params["chat_id"]), int(params["user_id"])), "left")
            return self._member(status, int(params["user_id"]))
        if method == "getChatAdministrators":
            chat_id = int(params["chat_id"])
            return [
                self._member(status, user_id)
                for (chat, user_id), status in self.members.items()
                if chat == chat_id and status in ("administrator", "creator")
            ]
        if method == "getChat":
            return {"id": int(params["chat_id"]), "type": "private"}
        return self._bot_message(params)

    def _member(self, status: str, user_id: int) -> JsonDict:
        """Return a chat member object with the fields Telegram sends for its status."""
        member: JsonDict = {"status": status, "user": self.user(user_id)}
        if status == "creator":
            member["is_anonymous"] = False
        if status == "administrator":
            member.update(dict.fromkeys(ADMIN_RIGHTS, False))
            member.update(can_be_edited=False, is_anonymous=False, can_manage_chat=True)
        return member

    def _bot_message(self, params: JsonDict) -> JsonDict:
        chat_id = params.get("chat_id", 0)
        chat_type = "private" if int(chat_id) > 0 else "supergroup"
        message: JsonDict = {
            "message_id": params.get("message_id") or next(self._message_ids),
            "date": int(self.clock().timestamp()),
            "chat": {"id": int(chat_id), "type": chat_type},
            "from": self.bot_user,
        }
        if "text" in params:
            message["text"] = params["text"]
        if "latitude" in params:
            message["location"] = {
                "latitude": params["latitude"],
                "longitude": params["longitude"],
            }
        if "photo" in params:
            message["photo"] = [
                {"file_id": "bot-photo", "file_unique_id": "bot-photo", "width": 1, "height": 1}
            ]
        return message

    async def _control_message(self, request: web.Request) -> web.Response:
        """Act as a user for `sregep sandbox send`: push a message, return the bot's replies.

        Body: ``{"user_id": int, "group": bool, "text": str, "photo_b64": str,
        "location": {"lat": float, "lng": float, "live": bool, "accuracy": float},
        "wait_s": float}``.
        """
        try:
            body = await request.json()
            user_id = int(body["user_id"])
        except (ValueError, KeyError, TypeError):
            return web.json_response(
                {"error": "body needs JSON with a numeric user_id"}, status=400
            )

        chat_id = SANDBOX_GROUP if body.get("group") else user_id
        chat_type = "supergroup" if body.get("group") else "private"
        content: JsonDict = {}
        if body.get("text"):
            text = str(body["text"])
            content["text"] = text
            if text.startswith("/"):
                content["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
                ]
        if body.get("photo_b64"):
            content["photo"] = self.photo_sizes(base64.b64decode(body["photo_b64"]))
        location = body.get("location")
        if location:
            content["location"] = {
                "latitude": float(location["lat"]),
                "longitude": float(location["lng"]),
            }
            if location.get("live"):
                content["location"]["live_period"] = 900
        if not content:
            return web.json_response({"error": "send text, photo_b64 or location"}, status=400)

        before = len(self.texts_to(chat_id))
        message = self.message(user_id, chat_id=chat_id, chat_type=chat_type, **content)
        await self.push(message=message)
        if location and location.get("live"):
            await asyncio.sleep(0.5)
            edited = {**message, "edit_date": int(self.clock().timestamp())}
            edited["location"] = {
                **content["location"],
                "horizontal_accuracy": float(location.get("accuracy", 10)),
            }
            await self.push(edited_message=edited)

        await self._settle(chat_id, before, float(body.get("wait_s", 20)))
        return web.json_response({"replies": self.texts_to(chat_id)[before:]})

    async def _settle(self, chat_id: int, before: int, seconds: float) -> None:
        """Wait for replies to start and then to stop coming (quiet for a second)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        seen = before
        quiet_since = loop.time()
        while loop.time() < deadline:
            count = len(self.texts_to(chat_id))
            if count != seen:
                seen, quiet_since = count, loop.time()
            elif count > before and loop.time() - quiet_since > 1.0:
                return
            await asyncio.sleep(0.1)

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        for stored_path, data in self._files.values():
            if stored_path == path:
                return web.Response(body=data, content_type="application/octet-stream")
        return web.Response(status=404)


async def _read_params(request: web.Request) -> JsonDict:
    """Decode a Bot API call: query, form fields (JSON-encoded values) or multipart uploads."""
    params: JsonDict = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
        return params
    if request.content_type == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            data = bytes(await part.read())
            params[part.name] = data if part.filename else _decode(data.decode())
        return params
    form = await request.post()
    for key, value in form.items():
        params[key] = _decode(str(value))
    return params


def _decode(value: str) -> Any:
    """Turn a form value back into the JSON value python-telegram-bot encoded."""
    try:
        return json.loads(value)
    except ValueError:
        return value


def _check(method: str, params: JsonDict) -> str | None:
    """Return Telegram's description of what is wrong with a call, or None."""
    if method not in REQUIRED:
        return f"Not Found: method {method} is not supported by the fake"
    for name, types in REQUIRED[method].items():
        if name not in params or params[name] in ("", None):
            return f"Bad Request: {name} is required for {method}"
        if not isinstance(params[name], types) or isinstance(params[name], bool):
            return f"Bad Request: {name} of {method} has type {type(params[name]).__name__}"
    for name, types in OPTIONAL.items():
        if name in params and params[name] is not None and not isinstance(params[name], types):
            return f"Bad Request: {name} of {method} has type {type(params[name]).__name__}"
    text = params.get("text")
    if isinstance(text, str) and not 1 <= len(text) <= MAX_TEXT:
        return f"Bad Request: text of {method} must be 1-{MAX_TEXT} characters, got {len(text)}"
    caption = params.get("caption")
    if isinstance(caption, str) and len(caption) > MAX_CAPTION:
        return f"Bad Request: caption must be at most {MAX_CAPTION} characters"
    if "parse_mode" in params and params["parse_mode"] not in PARSE_MODES:
        return f"Bad Request: parse_mode {params['parse_mode']!r} is not supported"
    if (
        method.startswith("editMessage")
        and "message_id" not in params
        and ("inline_message_id" not in params)
    ):
        return "Bad Request: message_id or inline_message_id is required"
    markup = params.get("reply_markup")
    if isinstance(markup, dict) and not markup.keys() & {
        "inline_keyboard",
        "keyboard",
        "remove_keyboard",
        "force_reply",
    }:
        return "Bad Request: reply_markup has no keyboard"
    return None


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str, retry_after: int | None = None) -> web.Response:
    body: JsonDict = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=code)
