# JSON with provenance: the catalogue and every input with its SHA-256,
# every parameter, and the paired test in full.
ssp indicators --json --lang en --catalogue indicators/two.json ../../examples/dataset
