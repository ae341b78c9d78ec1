"""Every write of the planning app: setup (organisers), workspace (members and facilitators),
scoring (scores, priorities, finalising, comparisons) and follow-up."""
