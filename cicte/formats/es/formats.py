# Spanish figures as OAS documents write them: 1.500 (Django's Spanish format groups thousands
# with a non-breaking space). Every other Spanish format is Django's own.
THOUSAND_SEPARATOR = "."
