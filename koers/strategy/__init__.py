"""Strategy: the organisation's AI vision, its AI policy (versions, approval, publication,
acknowledgement, the "may I use this tool?" checker), market scenarios and the skills gap."""
