"""Earlier versions of the instruments Koers ships, exactly as organisations copied them.

A data migration compares an organisation's copy with these: a copy nobody edited gets the
shipped instrument's newest version, and the rounds that ran an earlier one keep it.
"""
