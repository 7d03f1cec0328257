/** The title serializeDesign writes as the first line (`# <title>: kubectl apply -f this file.`). */
export function designTitleOf(yaml: string): string | undefined {
  const m = /^# (.+): kubectl apply -f this file\.\r?\n/.exec(yaml);
  const t = m?.[1]?.trim();
  return t && t !== 'netpol-studio design' ? t : undefined;
}
