# Drives zsh completion for tests/cli/completion.test.ts: `zsh -f zsh-complete.zsh SCRIPT LINE...`.
# A zsh in a pseudo-terminal loads SCRIPT; for each LINE it types the line and Tab, waits for the
# completion widget to finish (it prints a marker), and prints `BEGIN:` then one `HIT:<word>` per
# candidate compadd received.
zmodload zsh/zpty
script=$1; shift
zpty z zsh -f -i
zpty -w z "PS1=''; RPROMPT=''"
zpty -w z "autoload -Uz compinit; compinit -u -D"
zpty -w z "source ${(q)script}"
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; local -a __h; builtin compadd -O __h "$@"; (( $#__h )) && print -rl -- "" "${(@)^__h/#/HIT:}"; builtin compadd "$@"; }'
zpty -w z '_t_complete() { zle complete-word; print -r -- "" "DO""NE:"; }; zle -N _t_complete; bindkey "^I" _t_complete'
zpty -w z "zstyle ':completion:*' menu no; setopt nobeep"
for line in "$@"; do
  zpty -w -n z "$line"$'\t'
  chunk=""
  zpty -r z chunk '*DONE:*'
  print -r -- "BEGIN:"
  print -r -- "${chunk//$'\r'/}" | grep -a '^HIT:'
  zpty -w z $'\C-u'
done
zpty -w z "exit"
