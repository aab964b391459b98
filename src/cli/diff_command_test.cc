// Placeholder until the diff and compare commands land.
