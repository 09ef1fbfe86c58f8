# same_page.awk — `awk -f tools/same_page.awk COMMITTED NEW`: exits 0 when two notebook pages are the
# same text with every integer equal and every decimal number equal to within one unit in its last
# printed place, else 1 and the first line that differs. The pages are written on one machine and checked on others, whose SIMD
# width (AVX2 or AVX-512) changes float summation orders and so, now and then, the last printed
# digit of a float (seen: a gradient norm 15.5429 on one, 15.5428 on another); every number on a
# page is also checked by a test, so the page only has to say the same thing.
function unit(number,    exponent, decimals) {  # 0 for an integer: counts must match exactly
  if (number !~ /[.eE]/) return 0
  exponent = 0
  if (match(number, /[eE][-+]?[0-9]+$/)) {
    exponent = substr(number, RSTART + 1) + 0
    number = substr(number, 1, RSTART - 1)
  }
  decimals = index(number, ".") ? length(number) - index(number, ".") : 0
  return 10 ^ (exponent - decimals)
}
function split_numbers(line, numbers,    count) {  # numbers[1..count]; returns the line with each as "#"
  count = 0
  while (match(line, /-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/)) {
    numbers[++count] = substr(line, RSTART, RLENGTH)
    line = substr(line, 1, RSTART - 1) "#" substr(line, RSTART + RLENGTH)
  }
  numbers[0] = count
  return line
}
function same_line(a, b,    x, y, i, tolerance) {
  if (a == b) return 1
  if (split_numbers(a, x) != split_numbers(b, y) || x[0] != y[0]) return 0
  for (i = 1; i <= x[0]; ++i) {
    tolerance = unit(x[i]) > unit(y[i]) ? unit(x[i]) : unit(y[i])
    if ((x[i] - y[i]) > tolerance * 1.0001 || (y[i] - x[i]) > tolerance * 1.0001) return 0
  }
  return 1
}
BEGIN {
  committed = ARGV[1]; fresh = ARGV[2]
  for (n = 1; ; ++n) {
    a_ok = (getline a < committed) > 0
    b_ok = (getline b < fresh) > 0
    if (!a_ok && !b_ok) exit 0
    if (a_ok != b_ok || !same_line(a, b)) {
      printf "line %d differs beyond the last printed digit:\n- %s\n+ %s\n", n, a_ok ? a : "(end of page)", b_ok ? b : "(end of page)"
      exit 1
    }
  }
}
