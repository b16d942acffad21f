"""An aiohttp transport for python-telegram-bot, in place of its default httpx one.

PTB 22 accepts any :class:`telegram.request.BaseRequest`. Under cProfile on
the benchmark machine, a Bot API call cost about 3 ms of CPU through PTB's
httpx transport and about 0.6 ms through this one, which matters when many
updates arrive at once (``bench/telegram.py``).
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

logger = logging.getLogger(__name__)

DEFAULT_CONNECT_TIMEOUT_S = 5.0
DEFAULT_READ_TIMEOUT_S = 5.0
# Uploads get longer, as in PTB's HTTPXRequest (media_write_timeout).
DEFAULT_MEDIA_TIMEOUT_S = 20.0
# PTB marks "no timeout given" with an instance of its DefaultValue class, which
# it does not export.
_DEFAULT_VALUE = type(BaseRequest.DEFAULT_NONE)


class AiohttpRequest(BaseRequest):
    """Sends Bot API requests over one aiohttp session with ``connection_pool_size`` connections.

    Timeouts follow PTB's meaning where aiohttp has an equivalent: ``connect``
    covers the wait for a pooled connection too, and ``read`` is the time
    between two reads. aiohttp has no write timeout, so ``write_timeout``
    becomes a total limit for requests that upload files.
    """

    def __init__(
        self,
        connection_pool_size: int = 64,
        *,
        connect_timeout_s: float = DEFAULT_CONNECT_TIMEOUT_S,
        read_timeout_s: float = DEFAULT_READ_TIMEOUT_S,
        media_timeout_s: float = DEFAULT_MEDIA_TIMEOUT_S,
    ) -> None:
        self.connection_pool_size = connection_pool_size
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self.media_timeout_s = media_timeout_s
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self.read_timeout_s

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.connection_pool_size)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request and return the HTTP status and body; raises TimedOut or NetworkError."""
        if self._session is None or self._session.closed:
            raise RuntimeError("this AiohttpRequest is not initialized")

        uploads = request_data.multipart_data if request_data else None
        timeout = aiohttp.ClientTimeout(
            total=_value(write_timeout, self.media_timeout_s) if uploads else None,
            connect=_value(connect_timeout, self.connect_timeout_s),
            sock_read=_value(read_timeout, self.read_timeout_s),
        )
        body = _body(request_data) if request_data else None
        try:
            async with self._session.request(method, url, data=body, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error


def _value(value: Any, default: float) -> float | None:
    if isinstance(value, _DEFAULT_VALUE):
        return default
    return value


def _body(request_data: RequestData) -> aiohttp.FormData | dict[str, str]:
    """Return form fields, or multipart form data when the request uploads files."""
    uploads = request_data.multipart_data
    if not uploads:
        return request_data.json_parameters

    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in uploads.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form
