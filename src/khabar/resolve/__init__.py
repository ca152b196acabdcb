"""Resolution across articles: entity clusters (:mod:`.entities`), event merging (:mod:`.events`),
and the user's review of both (:mod:`.review`)."""
