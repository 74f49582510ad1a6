/**
 * Unit-carrying number types. They are plain numbers at run time; the names say the unit
 * so that a function signature cannot hide whether it wants milliseconds or seconds.
 */

/** Simulated time or a duration, in milliseconds. The simulator's clock unit. */
export type Ms = number;
/** A duration in seconds (Kubernetes manifests speak seconds). */
export type Seconds = number;
/** CPU in millicores (1000 = one core), as Kubernetes quantities `500m`. */
export type Millicores = number;
/** Memory in bytes. */
export type Bytes = number;
/** A rate: events per second. */
export type PerSecond = number;
/** A fraction in [0, 1] (not a percentage). */
export type Fraction = number;
/** A whole number of percent, as HPA utilisation targets are written. */
export type Percent = number;

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
