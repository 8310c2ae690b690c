import { hash, verify } from "@node-rs/argon2";
import { dictionary } from "@zxcvbn-ts/language-common";
import { limits } from "@relata/contracts";

/** OWASP ASVS appendix parameters for argon2id: m = 46 MiB, t = 1, p = 1. */
const parameters = { algorithm: 2 /* Argon2id */, memoryCost: 47_104, timeCost: 1, parallelism: 1 } as const;

/** At most two hashes at a time, so a burst of sign-ins cannot take both cores from requests. */
class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}
const hashing = new Semaphore(2);

export function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password, parameters));
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  return hashing.run(() => verify(stored, password).catch(() => false));
}

const dummyPassword = "relata-dummy-password-for-timing";
let dummy: Promise<string> | undefined;
/** The throwaway hash `burnVerification` verifies against: made by `hashPassword`, so it costs what a stored one costs. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(dummyPassword);
  return dummy;
}

/** Verifies against a throwaway hash so an unknown email costs as much time as a known one. */
export async function burnVerification(password: string): Promise<void> {
  await verifyPassword(await dummyHash(), password);
}

const common = new Set((dictionary["passwords-common"] as string[]).slice(0, 10_000).map((p) => p.toLowerCase()));

/** NIST 800-63B / ASVS: length only, no composition rules, refuse well-known passwords. */
export function passwordProblem(password: string, context: { email?: string; name?: string } = {}): string | undefined {
  if ([...password].length < limits.passwordMin) return `must be at least ${limits.passwordMin} characters`;
  if (password.length > limits.passwordMax) return `must be at most ${limits.passwordMax} characters`;
  const lowered = password.toLowerCase();
  if (common.has(lowered)) return "is too common; choose a less guessable password";
  if (context.email && lowered === context.email.toLowerCase()) return "must not be your email address";
  if (context.email && lowered === context.email.split("@")[0]?.toLowerCase()) return "must not be your email address";
  return undefined;
}
