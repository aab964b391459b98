// Placeholder until the diff module lands.
