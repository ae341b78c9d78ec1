"""Who reads the platform-wide action log: platform admins only. An event's log follows the event's
own permission (events.manage_event); a record's log follows its app's editing permission."""

import rules

rules.add_perm("core.view_action_log", rules.is_superuser)
