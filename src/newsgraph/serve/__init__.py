"""HTTP: the JSON API and the web UI over a store (``newsgraph serve``)."""
