"""bibexport: turn paper listings and bibliography files into citation files."""

from .api import WriteOptions, prepare, read, read_all, read_text, save, write
from .model import Date, Person, Record
from .readers import ReadResult

__all__ = [
    "Date", "Person", "Record", "ReadResult", "WriteOptions",
    "prepare", "read", "read_all", "read_text", "save", "write",
]
