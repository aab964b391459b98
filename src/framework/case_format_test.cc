// Placeholder until the CASE module lands.
