"""Spanish numbers as Mexico and Central America write them: 1,234.5 (not Spain's 1.234,5).

Only what differs from Django's own Spanish formats is here; dates and the rest
come from django.conf.locale.es.
"""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
