from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Purpose(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PURPOSE_UNSPECIFIED: _ClassVar[Purpose]
    AVATAR: _ClassVar[Purpose]
    COVER: _ClassVar[Purpose]
    INLINE: _ClassVar[Purpose]
PURPOSE_UNSPECIFIED: Purpose
AVATAR: Purpose
COVER: Purpose
INLINE: Purpose

class UseImageRequest(_message.Message):
    __slots__ = ("image_id", "user_id", "slot", "subject")
    IMAGE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SLOT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    image_id: str
    user_id: str
    slot: Purpose
    subject: str
    def __init__(self, image_id: _Optional[str] = ..., user_id: _Optional[str] = ..., slot: _Optional[_Union[Purpose, str]] = ..., subject: _Optional[str] = ...) -> None: ...

class Image(_message.Message):
    __slots__ = ("image_id", "owner_id", "purpose", "width", "height", "placeholder")
    IMAGE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    PLACEHOLDER_FIELD_NUMBER: _ClassVar[int]
    image_id: str
    owner_id: str
    purpose: Purpose
    width: int
    height: int
    placeholder: str
    def __init__(self, image_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., purpose: _Optional[_Union[Purpose, str]] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., placeholder: _Optional[str] = ...) -> None: ...

class ReleaseImagesRequest(_message.Message):
    __slots__ = ("subject", "slot")
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    SLOT_FIELD_NUMBER: _ClassVar[int]
    subject: str
    slot: Purpose
    def __init__(self, subject: _Optional[str] = ..., slot: _Optional[_Union[Purpose, str]] = ...) -> None: ...

class ReleaseImagesResponse(_message.Message):
    __slots__ = ("released",)
    RELEASED_FIELD_NUMBER: _ClassVar[int]
    released: int
    def __init__(self, released: _Optional[int] = ...) -> None: ...
