import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export type CertPair = { key: string; cert: string };
export type SimCerts = { normal: CertPair; expiring: CertPair };

export const CERT_DAYS = 90;
/** The cert-expiring fault's certificate: inside the 30-day warning, outside the 7-day critical level. */
export const EXPIRING_CERT_DAYS = 10;

const run = promisify(execFile);

/** Self-signed certificates for localhost and 127.0.0.1, made with the openssl CLI in a temp dir. */
export async function generateCerts(openssl = "openssl"): Promise<SimCerts> {
  const dir = await mkdtemp(join(tmpdir(), "warroom-sim-certs-"));
  try {
    const [normal, expiring] = await Promise.all([
      generateCert(openssl, dir, "normal", CERT_DAYS),
      generateCert(openssl, dir, "expiring", EXPIRING_CERT_DAYS),
    ]);
    return { normal, expiring };
  } finally {
    // The PEMs are held in memory; nothing on disk outlives start-up.
    await rm(dir, { recursive: true, force: true });
  }
}

async function generateCert(openssl: string, dir: string, name: string, days: number): Promise<CertPair> {
  const keyPath = join(dir, `${name}-key.pem`);
  const certPath = join(dir, `${name}-cert.pem`);
  try {
    await run(openssl, [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      keyPath,
      "-out",
      certPath,
      "-days",
      String(days),
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1",
    ]);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`could not generate the sim's TLS certificate with ${openssl}: ${detail}`, {
      cause: err,
    });
  }
  const [key, cert] = await Promise.all([readFile(keyPath, "utf8"), readFile(certPath, "utf8")]);
  return { key, cert };
}
