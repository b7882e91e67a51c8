../panel/against-synth.sh
