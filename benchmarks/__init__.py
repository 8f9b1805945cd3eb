"""Performance runs against baselines in the same process (``make bench``; not in ``make test``)."""
