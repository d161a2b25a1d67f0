"""Small building blocks every app may use and that know no app: text cleaning, links, the "once per person"
support mechanism, image re-encoding. The lowest layer of our own code (above Django, below `districts`)."""
