"""Built-in modules; each registers itself through the `portal.modules` entry point."""
