/**
 * The kubelet's expansion of a container's command and args, for running a
 * pod's command line locally exactly as a node would receive it: `$(NAME)`
 * becomes the value of the container's variable NAME, `$$` becomes `$`, and
 * everything else (an unknown name, a lone `$`, an unclosed `$(`) is left as
 * written. (Kubernetes: third_party/forked/golang/expansion.)
 */
export function kubeletExpand(text: string, env: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const next = text[i + 1];
    if (char !== '$' || next === undefined) {
      out += char;
    } else if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close === -1) return out + text.slice(i);
      const name = text.slice(i + 2, close);
      out += Object.hasOwn(env, name) ? env[name] : `$(${name})`;
      i = close;
    } else {
      out += char;
    }
  }
  return out;
}
