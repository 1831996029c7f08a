# Differential-test oracle for src/matching/version/rubygems.rs.
#
# Reads lines "HEX_A HEX_B" (each version as hex-encoded UTF-8) on stdin and
# prints one line per pair: "invalid" when Gem::Version.correct? rejects
# either version, else Gem::Version.new(a) <=> Gem::Version.new(b).
# With "--version" prints the RubyGems version instead.
require "rubygems"

if ARGV.first == "--version"
  puts Gem::VERSION
  exit
end

out = []
STDIN.each_line do |line|
  a, b = line.chomp.split(/ /, -1).map { |h| [h.to_s].pack("H*").force_encoding(Encoding::UTF_8) }
  b ||= ""
  if Gem::Version.correct?(a) && Gem::Version.correct?(b)
    out << (Gem::Version.new(a) <=> Gem::Version.new(b)).to_s
  else
    out << "invalid"
  end
end
STDOUT.write(out.join("\n") + (out.empty? ? "" : "\n"))
