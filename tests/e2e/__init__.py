"""In a real browser: the built site served on 127.0.0.1 and driven in Chromium."""
