"""Zone search without diacritics: "que vo" finds "KCN Quế Võ".

Names and the query are compared in the one accent-folded form of the project
(:func:`geo.core.text.fold`: casefolded, đ → d, marks removed, words by spaces).
"""

from __future__ import annotations

from collections.abc import Mapping

from geo.core.text import fold as fold_name


def search_zones(names: Mapping[str, str], query: str, *, limit: int | None = None
                 ) -> list[str]:
    """Ids of the zones whose name contains every word of ``query`` (accents optional).

    Parameters
    ----------
    names : {zone_id: name}.
    query : words to look for, with or without diacritics ("que vo", "Quế Võ", "bac ninh").
    limit : at most this many ids (None: all).

    Returns
    -------
    list of str
        Best first: the name containing the query as one phrase, then the name starting with
        it (after the kind prefix), then the rest; ties keep the order of ``names``. An empty
        query gives [].
    """
    folded = fold_name(query or "")
    words = folded.split()
    if not words:
        return []
    scored = []
    for order, (zone_id, name) in enumerate(names.items()):
        text = fold_name(str(name))
        if not all(w in text for w in words):
            continue
        bare = text.split(" ", 1)[1] if text.split(" ", 1)[0] in ("kcn", "kcx", "kkt") \
            and " " in text else text
        rank = 0 if bare.startswith(folded) else (1 if folded in text else 2)
        scored.append((rank, order, zone_id))
    ids = [zone_id for _, _, zone_id in sorted(scored)]
    return ids if limit is None else ids[:limit]
