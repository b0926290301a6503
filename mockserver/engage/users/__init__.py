"""Engage → Users: the org's contact-center licensed Control Hub users, kept in step by events
(LicenceChanged records a pending change; Control Hub's Synchronize Users applies it)."""
