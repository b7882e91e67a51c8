# A catalogue is checked before any data is read: every mistake is named.
cd "$TMPDIR" && c=c.json
try() { printf '%s\n' "$1" >"$c"; ssp indicators --catalogue "$c" x; echo "status $?"; }
head='"code": "X", "label_ko": "x", "label_en": "x", "domain": "utilization", "technologies": ["huggy_vest"], "unit": "%", "direction": "higher"'
try '{"indicators": [{'"$head"', "type": "ratio", "numerator": {"usage": "*", "stat": "sum"}, "denominator": {"count": "subjects"}, "ci": "wilson"}]}'
try '{"indicators": [{'"$head"', "type": "ratio", "numerator": {"events": "sos", "stat": "count"}, "denominator": {"count": "subjects"}, "ci": "poisson"}]}'
try '{"indicators": [{'"$head"', "type": "mean", "value": {"usage": "steps", "stat": "median"}}]}'
try '{"indicators": [{'"$head"', "type": "mean", "value": {"usage": "steps", "stat": "sum", "colour": 1}}]}'
try '{"indicators": [{'"$head"', "type": "quantile", "value": {"measure": "SAT5", "phase": "endline"}, "prob": 1.5}]}'
try '{"indicators": [{'"$head"', "type": "paired_change", "instrument": "SAT5", "from": "baseline"}]}'
try '{"indicators": [{'"$head"', "type": "retention", "day": 90}, {'"$head"', "type": "retention", "day": 180}]}'
try '{"indicators": [{'"$head"', "type": "survival"}]}'
try '{"indicators": [{'"$head"', "type": "mean", "value": {"change": "GRIP", "from": "baseline", "to": "endline", "improved_by": 5}}]}'
try '{"indicators": {}}'
try '{"indicators": [], "extra": 1}'
try '{"indicators": ['
