"""Benchmarks and load tests of RCM Tracker at scale (see README, "Performance at scale")."""
