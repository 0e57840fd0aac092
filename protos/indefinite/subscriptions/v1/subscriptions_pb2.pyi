from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class PutEventRequest(_message.Message):
    __slots__ = ("event_type", "event_body")
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    EVENT_BODY_FIELD_NUMBER: _ClassVar[int]
    event_type: str
    event_body: str
    def __init__(self, event_type: _Optional[str] = ..., event_body: _Optional[str] = ...) -> None: ...

class PutEventResponse(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    def __init__(self, event_id: _Optional[str] = ...) -> None: ...

class PutSendEmailEventRequest(_message.Message):
    __slots__ = ("sender", "recepient", "subject", "body")
    SENDER_FIELD_NUMBER: _ClassVar[int]
    RECEPIENT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    sender: str
    recepient: str
    subject: str
    body: str
    def __init__(self, sender: _Optional[str] = ..., recepient: _Optional[str] = ..., subject: _Optional[str] = ..., body: _Optional[str] = ...) -> None: ...

class PutSendEmailEventResponse(_message.Message):
    __slots__ = ("event_id",)
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    def __init__(self, event_id: _Optional[str] = ...) -> None: ...
