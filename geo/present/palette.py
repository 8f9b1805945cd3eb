"""The one palette of KCN Atlas: a colour means the same thing on every map and chart.

- zone status: operating green, building infrastructure orange, planned / not started blue,
  unknown grey — on the web map (:mod:`geo.maps.zone_map`), the static report map
  (:mod:`geo.maps.static_map`) and the land-use chart (``ui/charts.py``: land in use is the
  operating green, under construction the same orange, not started the same blue);
- province shading (choropleth): a purple ramp, which no zone status uses, so a shaded
  province never blends with the operating-zone green;
- "no data": light grey, never the colour of 0.

The status colours follow ColorBrewer's RdYlBu/RdYlGn families (distinguishable for the common
colour-vision deficiencies: green vs orange differ in lightness, blue is apart).
"""

from __future__ import annotations

from typing import Final

STATUS_COLORS: Final[dict[str, str]] = {
    "operating": "#1a9850",
    "under_construction": "#f46d43",
    "planned": "#4575b4",
    "unknown": "#7f7f7f",
}
"""Colour of each zone status (``geo.settings.ZONE_STATUSES`` and ``unknown``)."""

LANDUSE_PART_COLORS: Final[dict[str, str]] = {
    "in_use_area_ha": STATUS_COLORS["operating"],
    "under_construction_area_ha": STATUS_COLORS["under_construction"],
    "not_started_area": STATUS_COLORS["planned"],
}
"""Colour of each part of the planned area in the land-use chart (the statuses' colours)."""

NO_DATA_COLOR: Final = "#d9d9d9"
"""Fill of a province or bar without the figure ("no data", never the colour of 0)."""

CHOROPLETH_COLORS: Final[tuple[str, ...]] = ("#f2f0f7", "#cbc9e2", "#9e9ac8", "#54278f")
"""Sequential ramp of province shading (ColorBrewer Purples): never a status colour."""

SELECTED_COLOR: Final = "#000000"
"""Outline of the selected zone."""

BOUNDARY_COLOR: Final = "#555555"
"""Province boundary lines."""

PROVINCE_FILL: Final = "#f4f4f0"
"""Neutral fill of provinces on the static map."""

LEASE_COLORS: Final[dict[str, str]] = {
    "leased": "#1b7837",        # green: land in use, as the operating zones
    "vacant": "#f1a340",        # orange: still available to investors
    "reserved": "#762a83",
    "not_leasable": "#999999",  # roads, green space, infrastructure
}
"""Lot fill by lease status (:data:`geo.core.lots_schema.LEASE_STATUSES`); others grey-black."""
OTHER_LEASE_COLOR: Final = "#4d4d4d"
