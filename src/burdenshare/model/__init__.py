"""The model: agreements as dated rules, sourced series, and the one schedule engine."""
