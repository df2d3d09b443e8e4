"""The web app: webhooks, agent console, admin pages, web chat, JSON API."""
