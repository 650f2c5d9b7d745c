"""A short news story and the menu above it, which the text-mode byline and date tests put headers between."""

NAV = ["Skip to content", "Home", "News", "Business", "Sport", "Sign in"]
TITLE = "River bridge closed to lorries after engineers find cracks"
STORY = [
    "The river bridge was closed to lorries on Tuesday after engineers found deep cracks in two of its"
    " supports during a routine inspection, the council said.",
    "Cars and bicycles may still cross while repairs are planned, but heavy traffic must use the ring road"
    " from next week, officials told reporters.",
    "Work on the supports is expected to start in the spring and to take about six months, the council said"
    " in a statement on its website.",
]
