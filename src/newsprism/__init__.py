"""newsprism: what is actually known about a news story."""
__version__ = "0.1.0"
