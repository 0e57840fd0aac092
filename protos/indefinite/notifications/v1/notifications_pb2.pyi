from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetDeliveriesRequest(_message.Message):
    __slots__ = ("request_key",)
    REQUEST_KEY_FIELD_NUMBER: _ClassVar[int]
    request_key: str
    def __init__(self, request_key: _Optional[str] = ...) -> None: ...

class Delivery(_message.Message):
    __slots__ = ("idempotency_key", "channel", "state", "attempts", "reason", "last_error")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LAST_ERROR_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    channel: str
    state: str
    attempts: int
    reason: str
    last_error: str
    def __init__(self, idempotency_key: _Optional[str] = ..., channel: _Optional[str] = ..., state: _Optional[str] = ..., attempts: _Optional[int] = ..., reason: _Optional[str] = ..., last_error: _Optional[str] = ...) -> None: ...

class GetDeliveriesResponse(_message.Message):
    __slots__ = ("deliveries",)
    DELIVERIES_FIELD_NUMBER: _ClassVar[int]
    deliveries: _containers.RepeatedCompositeFieldContainer[Delivery]
    def __init__(self, deliveries: _Optional[_Iterable[_Union[Delivery, _Mapping]]] = ...) -> None: ...

class GetUnreadCountRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class GetUnreadCountResponse(_message.Message):
    __slots__ = ("count",)
    COUNT_FIELD_NUMBER: _ClassVar[int]
    count: int
    def __init__(self, count: _Optional[int] = ...) -> None: ...
