"""The demonstration, at the top of the apps: it may import any of them, none imports it."""
