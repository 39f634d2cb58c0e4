# bash completion for reel's pipeline scripts (br-best-match, football-goals, compilation,
# read-events, reel-report, spark-batch, reel-watch): after a dash, the options the script's --help names (those it passes on to a
# tool too) and --version; else files and folders. `make install` puts this file in
# PREFIX/share/bash-completion/completions under each script's name (bash-completion loads a
# command's completion by that name); or source it from ~/.bashrc.

_reel_script() {
    local cur=${COMP_WORDS[COMP_CWORD]}
    COMPREPLY=()
    if [[ $cur == -* ]]; then
        local options
        options=$({ "$1" --help 2>/dev/null; echo " --version"; } \
            | grep -oE -- '(^|[[:space:],(])--?[[:alpha:]][[:alnum:]-]*' | sed 's/^[[:space:],(]*//' | sort -u)
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
    else
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
}

complete -o filenames -F _reel_script br-best-match football-goals compilation read-events reel-report spark-batch reel-watch
