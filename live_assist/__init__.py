"""live-assist: live motivational-interviewing feedback for counsellors."""

__version__ = "0.1.0"
