"""One article in, one extraction out: mentions, entities, dates, quotes, relations, events."""
