"""An Engage tenant's channels: the Connect assets registered to Webex CC (Channel Assets, with a
live-chat asset's web-chat widget) and each channel type's attachment settings."""
