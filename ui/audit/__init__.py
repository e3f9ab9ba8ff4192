"""The audit log screen, and the record-history timeline other screens embed."""

from ui.audit.history_widget import RecordHistoryDialog, RecordHistoryWidget
from ui.audit.page import AuditPage

__all__ = ["AuditPage", "RecordHistoryDialog", "RecordHistoryWidget"]
