"""Platform adapters: they know a platform and nothing about debt."""
