"""actionplan: track post-inspection action plans from import to board paper."""

__version__ = "0.1.0"
