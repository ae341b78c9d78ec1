"""Every community write. Split by area; each module declares its verbs at the top."""
