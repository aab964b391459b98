// Placeholder until the check tests land.
