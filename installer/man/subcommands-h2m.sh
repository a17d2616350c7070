#!/bin/sh
# Writes a help2man include file with a COMMANDS section: one subsection per subcommand of
# resdense (and per sub-subcommand, e.g. "data info"), made from that command's CLI11 --help
# output, so the man page lists every subcommand's options without a hand-kept copy.
#
#   subcommands-h2m.sh path/to/resdense output.h2m
#
# CLI11 prints each option as "  NAME" padded to 30 columns, then its description; a NAME of
# 28 characters or more puts the description on the next line, indented 30 columns.
# POSIX sh and awk only (mawk has no regex intervals, so no {30} below). With set -e, a
# resdense that fails inside a command substitution stops the script.
set -eu
bin=$1
out=$2

# The names under "Subcommands:" in the --help text $1.
subcommands() {
  printf '%s\n' "$1" | awk '
    /^Subcommands:/ { on = 1; next }
    /^[^ ]/         { on = 0 }
    on && /^  [^ ]/ { print $1 }'
}

# One troff subsection for "resdense $2 [$3]", from its --help text $1.
section() {
  text=$1
  shift
  printf '%s\n' "$text" | awk -v cmd="resdense $*" '
    # Text made safe for troff and help2man: backslashes, a leading control character or "[" or
    # "/" (help2man would read "[OPTIONS]" as a section of its own), and the hyphens of
    # every word that starts with "-" (option names) as \- so they copy and paste as ASCII.
    function esc(s,   r, c, tok) {
      gsub(/\\/, "\\e", s)
      r = ""
      while (match(s, /-[-A-Za-z0-9_]*/)) {
        c = RSTART > 1 ? substr(s, RSTART - 1, 1) : " "
        tok = substr(s, RSTART, RLENGTH)
        if (index(" ([,\"", c)) gsub(/-/, "\\-", tok)
        r = r substr(s, 1, RSTART - 1) tok
        s = substr(s, RSTART + RLENGTH)
      }
      r = r s
      if (r ~ /^[.\047[\/]/) r = "\\&" r       # troff requests, help2man [section] and /pattern/ lines
      return r
    }
    function flag(s) { gsub(/\\/, "\\e", s); gsub(/-/, "\\-", s); return s }
    function flush(   n, w, i, flags, rest, m, f, head) {
      if (name == "" || name == "-h,--help") { name = ""; desc = ""; return }
      n = split(name, w, " ")
      flags = w[1]; rest = ""
      for (i = 2; i <= n; i++) rest = rest (rest == "" ? "" : " ") w[i]
      m = split(flags, f, ",")
      head = ""
      for (i = 1; i <= m; i++) head = head (i > 1 ? ", " : "") "\\fB" flag(f[i]) "\\fR"
      if (rest != "") head = head " \\fI" esc(rest) "\\fR"
      print ".TP"
      print head
      if (desc != "") print esc(desc)
      name = ""; desc = ""
    }
    function blank30(s) { return length(s) >= 30 && substr(s, 1, 30) ~ /^ +$/ }
    NR == 1 && !/^Usage:/ { about = $0; next }
    /^Usage:/ {
      usage = substr($0, 8)
      if (index(usage, cmd " ") == 1) usage = substr(usage, length(cmd) + 2)
      else if (usage == cmd) usage = ""
      print ".SS \"" cmd "\""
      if (about != "") print esc(about)
      print ".PP"
      print ".B " cmd
      if (usage != "") print esc(usage)
      next
    }
    /^(Options|Positionals):$/ { flush(); skip = 0; next }
    /^Subcommands:$/           { flush(); skip = 1; next }
    /^ *$/                     { next }
    skip                       { next }
    blank30($0) && substr($0, 31, 1) != " " {    # a description on a line of its own
      line = $0; sub(/^ +/, "", line)
      desc = desc (desc == "" ? "" : " ") line
      next
    }
    /^  [^ ]/ {
      flush()
      if (length($0) > 30 && substr($0, 30, 1) == " " && substr($0, 31, 1) != " ") {
        name = substr($0, 3, 28); desc = substr($0, 31)
      } else {
        name = substr($0, 3); desc = ""
      }
      sub(/ +$/, "", name)
      next
    }
    END { flush() }'
}

# Each command's --help is read once: every run of resdense loads LibTorch (most of a second).
top=$("$bin" --help)
{
  printf '%s\n' '[COMMANDS]' \
    'Each command takes its own options; \fBresdense\fR \fIcommand\fR \fB\-\-help\fR prints them.'
  for sub in $(subcommands "$top"); do
    text=$("$bin" "$sub" --help)
    nested=$(subcommands "$text")
    if [ -n "$nested" ]; then
      for leaf in $nested; do section "$("$bin" "$sub" "$leaf" --help)" "$sub" "$leaf"; done
    else
      section "$text" "$sub"
    fi
  done
} > "$out.tmp"
mv "$out.tmp" "$out"
