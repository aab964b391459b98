// Placeholder until the compare module lands.
