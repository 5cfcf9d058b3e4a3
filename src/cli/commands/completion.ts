import type { Command } from 'commander';
import { usageError } from '../../errors/index.js';
import type { CommandContext, CommandOutcome } from '../context.js';
import { buildProgram } from '../program.js';

type Shell = 'bash' | 'zsh' | 'fish';

interface Node {
  /** "sandbox start" */
  path: string;
  description: string;
  flags: string[];
  children: Node[];
}

/** `edupkg completion bash|zsh|fish`: a script generated from the same command table as --help. */
export async function handler(ctx: CommandContext, shell: string): Promise<CommandOutcome<{ shell: Shell }>> {
  if (shell !== 'bash' && shell !== 'zsh' && shell !== 'fish') {
    throw usageError('BAD_SHELL', `completion ${shell}: expected bash, zsh or fish`, {
      fix: 'Run `edupkg completion bash` (or zsh, fish)',
    });
  }
  const root = tree(
    buildProgram(async () => {}, ctx.version),
    '',
  );
  const script = shell === 'fish' ? fish(root) : bash(root, shell === 'zsh');
  return { result: { shell }, stdout: script };
}

function tree(command: Command, path: string): Node {
  return {
    path,
    description: command.description(),
    flags: command.options
      .filter((o) => !(o as { hidden?: boolean }).hidden)
      .flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f))),
    children: command.commands
      .filter((c) => c.name() !== 'help')
      .map((c) => tree(c, path ? `${path} ${c.name()}` : c.name())),
  };
}

function all(node: Node): Node[] {
  return [node, ...node.children.flatMap(all)];
}

/** Bash (and zsh through bashcompinit): words for the command path typed so far, files otherwise. */
function bash(root: Node, zsh: boolean): string {
  const cases = all(root)
    .map(
      (n) =>
        `    "${n.path}") words="${[...n.children.map((c) => c.path.split(' ').pop()), ...n.flags].join(' ')}" ;;`,
    )
    .join('\n');
  return `${zsh ? '#compdef edupkg\n# edupkg completion for zsh (through bashcompinit)\nautoload -U +X bashcompinit && bashcompinit\n' : '# edupkg completion for bash: source <(edupkg completion bash)\n'}_edupkg() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word i
  # The command path typed so far: words before the cursor that are not flags or their values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    [[ "$word" == -* ]] && continue
    case " $(_edupkg_words "\${path}") " in *" $word "*) path="\${path:+$path }$word" ;; esac
  done
  local words
  words="$(_edupkg_words "$path")"
  if [[ "$cur" == -* ]] || [[ -n "$(_edupkg_subcommands "$path")" ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
_edupkg_words() {
  local words=""
  case "$1" in
${cases}
  esac
  echo "$words"
}
_edupkg_subcommands() {
  local w
  for w in $(_edupkg_words "$1"); do [[ "$w" != -* ]] && echo "$w"; done
}
complete -o default -F _edupkg edupkg
`;
}

function fish(root: Node): string {
  const lines = [
    '# edupkg completion for fish: edupkg completion fish > ~/.config/fish/completions/edupkg.fish',
  ];
  const quote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  for (const node of all(root)) {
    const words = node.path ? node.path.split(' ') : [];
    // Fish's own helpers: at this command path and not yet in one of its subcommands.
    const at = words.length
      ? `__fish_seen_subcommand_from ${words[words.length - 1]}`
      : '__fish_use_subcommand';
    const below = node.children.map((c) => c.path.split(' ').pop()).join(' ');
    for (const child of node.children) {
      const condition = below && words.length ? `${at}; and not __fish_seen_subcommand_from ${below}` : at;
      lines.push(
        `complete -c edupkg -f -n ${quote(condition)} -a ${quote(child.path.split(' ').pop()!)} -d ${quote(child.description)}`,
      );
    }
    for (const flag of node.flags) {
      const option = flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`;
      lines.push(`complete -c edupkg -n ${quote(at)} ${option}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
