"""An Engage tenant's settings: templates, blocklist words and working hours."""
