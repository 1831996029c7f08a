<?php
// Differential-test oracle for src/matching/version/composer.rs.
//
// Reads lines "HEX_A HEX_B" (each version as hex-encoded UTF-8) on stdin and
// prints one line per pair: "invalid" when VersionParser::normalize rejects
// either version, "branch" when either normalises to a dev-* branch, else
// -1/0/1 from Composer\Semver\Comparator on the normalised versions
// ("incomparable" if none of <, ==, > holds).
// Arguments: the composer/semver autoload.php (Debian's by default); with
// "--normalize" after it, prints VersionParser::normalize of the first version
// of each pair instead (or "invalid").

$autoload = $argv[1] ?? '/usr/share/php/Composer/Semver/autoload.php';
require $autoload;

use Composer\Semver\Comparator;
use Composer\Semver\VersionParser;

$parser = new VersionParser();
$normalizeOnly = ($argv[2] ?? '') === '--normalize';
$out = [];
while (($line = fgets(STDIN)) !== false) {
    $fields = explode(' ', rtrim($line, "\n"));
    $a = (string) hex2bin($fields[0]);
    $b = (string) hex2bin($fields[1] ?? '');
    if ($normalizeOnly) {
        try {
            $out[] = bin2hex($parser->normalize($a));
        } catch (UnexpectedValueException $e) {
            $out[] = 'invalid';
        }
        continue;
    }
    try {
        $na = $parser->normalize($a);
        $nb = $parser->normalize($b);
    } catch (UnexpectedValueException $e) {
        $out[] = 'invalid';
        continue;
    }
    if (strpos($na, 'dev-') === 0 || strpos($nb, 'dev-') === 0) {
        $out[] = 'branch';
        continue;
    }
    if (Comparator::lessThan($na, $nb)) {
        $out[] = '-1';
    } elseif (Comparator::equalTo($na, $nb)) {
        $out[] = '0';
    } elseif (Comparator::greaterThan($na, $nb)) {
        $out[] = '1';
    } else {
        $out[] = 'incomparable';
    }
}
echo implode("\n", $out), $out ? "\n" : '';
