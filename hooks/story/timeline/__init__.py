"""Stage 4, timeline: the cited events of `sources/timeline.yml`, each date checked against its quotes.

In: the timeline file and the citations' `Library`. Out: `events.Timeline` (events, their
dates and precision, disputes between outlets, and date mentions no event covers), plus problems.
"""
