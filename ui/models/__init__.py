"""Item models over journal queries: they hold ids and fetch rows lazily."""
