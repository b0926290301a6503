"""The Engage dashboards (admin portal, Customer Care portal)."""
