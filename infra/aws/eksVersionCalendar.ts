/**
 * Amazon EKS release calendar: the day each Kubernetes minor leaves standard support (14 months after
 * its EKS release) and the day extended support ends (12 months later), after which EKS upgrades the
 * cluster itself. Source: EKS user guide, "Understand the Kubernetes version lifecycle on EKS",
 * Amazon EKS Kubernetes release calendar (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html),
 * as of 2026-11; recheck when a new minor ships.
 */
export const eksVersionCalendar: Readonly<Record<string, { readonly endOfStandardSupport: string; readonly endOfExtendedSupport: string }>> = {
  "1.29": { endOfStandardSupport: "2025-03-23", endOfExtendedSupport: "2026-03-23" },
  "1.30": { endOfStandardSupport: "2025-07-23", endOfExtendedSupport: "2026-07-23" },
  "1.31": { endOfStandardSupport: "2025-11-26", endOfExtendedSupport: "2026-11-26" },
  "1.32": { endOfStandardSupport: "2026-03-23", endOfExtendedSupport: "2027-03-23" },
  "1.33": { endOfStandardSupport: "2026-07-29", endOfExtendedSupport: "2027-07-29" },
  "1.34": { endOfStandardSupport: "2026-12-02", endOfExtendedSupport: "2027-12-02" },
  "1.35": { endOfStandardSupport: "2027-03-27", endOfExtendedSupport: "2028-03-27" },
};

export type EksSupport = "standard" | "extended" | "ended" | "unknown";

/** Which support an EKS cluster of that minor is on at that moment (UTC days, as AWS dates them). */
export function eksSupportAt(kubernetesVersion: string, at: Date): EksSupport {
  const entry = eksVersionCalendar[kubernetesVersion];
  if (!entry) return "unknown";
  const day = at.toISOString().slice(0, 10);
  if (day < entry.endOfStandardSupport) return "standard";
  return day < entry.endOfExtendedSupport ? "extended" : "ended";
}
