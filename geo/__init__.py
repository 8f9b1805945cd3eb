"""KCN Atlas domain package: zone data, land-use accounts, maps and files.

Pure functions over GeoDataFrames (EPSG:4326 at rest). Never imports streamlit; the app pages
and the command line (``python -m geo``) call the same functions.
"""

__all__: list[str] = []
