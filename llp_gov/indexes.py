"""Indexes that match the sorts and filters of the daily list pages (issue 14).

Declared here, beside the tables they serve, so each list's query plan is stated in one place
and migrations 0010, 0016 and 0018 create exactly these. Each list reads one organisation's rows in a fixed
order and stops after a page: an index on (organisation, sort columns) lets the database walk
the first rows instead of sorting every row."""

from sqlalchemy import Index

from llp_gov.documents.models import Document
from llp_gov.ledger.models import JournalEntry
from llp_gov.notifications.models import Notification
from llp_gov.projects.models import Project
from llp_gov.resolutions.models import Resolution

INDEXES = (
    # documents list and the project form's picker: newest first
    Index("ix_documents_org_created", Document.organisation_id, Document.created_at, Document.id),
    # the documents list's other sorts and its date and amount ranges, within an organisation
    Index(
        "ix_documents_org_date", Document.organisation_id, Document.transaction_date, Document.id
    ),
    Index("ix_documents_org_amount", Document.organisation_id, Document.amount_jpy, Document.id),
    # "largest amount / latest date first, none last": PostgreSQL walks an ascending index
    # backwards as DESC NULLS FIRST, so these orders need their own index (on SQLite, which
    # refuses NULLS LAST in an index but sorts NULL lowest, migration 0016 writes plain DESC)
    Index(
        "ix_documents_org_amount_desc",
        Document.organisation_id,
        Document.amount_jpy.desc().nulls_last(),
        Document.id.desc(),
    ),
    Index(
        "ix_documents_org_date_desc",
        Document.organisation_id,
        Document.transaction_date.desc().nulls_last(),
        Document.id.desc(),
    ),
    Index("ix_documents_org_title", Document.organisation_id, Document.title, Document.id),
    # projects list (all, or one status), newest first; the chairman's queue by submission
    Index("ix_projects_org_created", Project.organisation_id, Project.created_at, Project.id),
    Index(
        "ix_projects_org_status_submitted",
        Project.organisation_id,
        Project.status,
        Project.submitted_at,
    ),
    # resolutions list, newest first
    Index(
        "ix_resolutions_org_opened", Resolution.organisation_id, Resolution.opened_at, Resolution.id
    ),
    # the dashboard's "waiting for your vote": open resolutions by nearest deadline
    Index(
        "ix_resolutions_org_status_deadline",
        Resolution.organisation_id,
        Resolution.status,
        Resolution.deadline,
    ),
    # the export form's default year: MAX(fiscal_year) of one organisation's entries, read from
    # the index's last entry instead of every entry (1.6 s at a million lines without it)
    Index(
        "ix_ledger_entries_org_fiscal_year", JournalEntry.organisation_id, JournalEntry.fiscal_year
    ),
    # journal keyset pages: (entry date, number) newest first
    Index(
        "ix_ledger_entries_org_date_number",
        JournalEntry.organisation_id,
        JournalEntry.entry_date,
        JournalEntry.number,
    ),
    # a reader's notifications newest first, and the dashboard's count of the unread ones (both
    # read every one of the reader's notifications without these: 3 ms at 10k)
    Index(
        "ix_notifications_user_org_created",
        Notification.user_id,
        Notification.organisation_id,
        Notification.created_at,
        Notification.id,
    ),
    Index(
        "ix_notifications_user_org_read",
        Notification.user_id,
        Notification.organisation_id,
        Notification.read_at,
    ),
)
