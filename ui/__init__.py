"""Streamlit helpers shared by the pages: session state (``ui.state``), cached data (``ui.data``).

Unlike ``geo/``, this package may import streamlit. It holds no domain logic.
"""
