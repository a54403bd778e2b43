/**
 * Robot's checks of the variables a row assigns to (its
 * AssignmentValidator): '=' only after the last one, one list variable at
 * most, a dictionary variable alone. Each problem once, in Robot's words.
 */
export function assignErrors(targets: readonly string[]): string[] {
  const errors: string[] = [];
  let seenList = false;
  let seenDict = false;
  let seenAny = false;
  let seenMark = false;
  for (const target of targets) {
    if (seenMark) errors.push("Assign mark '=' can be used only with the last variable.");
    if (target.trimEnd().endsWith('=')) seenMark = true;
    const isList = target.startsWith('@');
    const isDict = target.startsWith('&');
    if (isList && seenList) errors.push('Assignment can contain only one list variable.');
    if (seenDict || (isDict && seenAny)) errors.push('Dictionary variable cannot be assigned with other variables.');
    seenList ||= isList;
    seenDict ||= isDict;
    seenAny = true;
  }
  return [...new Set(errors)];
}

/** Several problems of one statement as Robot reports them: one as it is, more as "Multiple errors:" and a list. */
export function formatErrors(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0] : ['Multiple errors:', ...errors].join('\n- ');
}

/** 'a', 'b' and 'c' (Robot's seq2str). */
export function quotedList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}
