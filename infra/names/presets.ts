/**
 * HCP size presets from the original study: CPU and memory limits of the HCP's
 * control-plane container(s). `unlimited` sets no limits at all.
 */
export interface SizePreset {
  readonly name: string;
  /** Kubernetes quantities, or undefined for no limit. */
  readonly cpu?: string;
  readonly memory?: string;
  /** Same limits as numbers, for splitting across Kamaji's containers and for the report. */
  readonly milliCpu?: number;
  readonly memoryMiB?: number;
}

export const sizePresets = {
  tiny: { name: "tiny", cpu: "250m", memory: "512Mi", milliCpu: 250, memoryMiB: 512 },
  small: { name: "small", cpu: "500m", memory: "768Mi", milliCpu: 500, memoryMiB: 768 },
  medium: { name: "medium", cpu: "1000m", memory: "1Gi", milliCpu: 1000, memoryMiB: 1024 },
  large: { name: "large", cpu: "2000m", memory: "2Gi", milliCpu: 2000, memoryMiB: 2048 },
  unlimited: { name: "unlimited" },
} as const satisfies Record<string, SizePreset>;

export type PresetName = keyof typeof sizePresets;
export const presetNames = Object.keys(sizePresets) as [PresetName, ...PresetName[]];
