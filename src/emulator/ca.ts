// A throwaway certificate authority made when the emulator starts, and a server
// certificate for 127.0.0.1/localhost signed by it. Nothing is written to disk unless asked.
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import forge from 'node-forge'

export interface EmulatorTls {
  caPem: string
  certPem: string
  keyPem: string
}

function rsaKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey; privatePem: string } {
  // Node's native generator is fast; forge only signs.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()
  const priv = forge.pki.privateKeyFromPem(privatePem) as forge.pki.rsa.PrivateKey
  const pub = forge.pki.setRsaPublicKey(priv.n, priv.e)
  return { publicKey: pub, privateKey: priv, privatePem }
}

function serial(): string {
  // Positive serial number: clear the top bit.
  const b = randomBytes(16)
  b[0] = b[0]! & 0x7f
  return b.toString('hex')
}

function newCertificate(publicKey: forge.pki.rsa.PublicKey, notBefore: Date, notAfter: Date): forge.pki.Certificate {
  const cert = forge.pki.createCertificate()
  cert.publicKey = publicKey
  cert.serialNumber = serial()
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = notAfter
  return cert
}

export function createEmulatorTls(hostnames: string[] = ['localhost'], ips: string[] = ['127.0.0.1']): EmulatorTls {
  const now = new Date()
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000)
  const notAfter = new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000)

  const ca = rsaKeyPair()
  const caCert = newCertificate(ca.publicKey, notBefore, notAfter)
  // A unique name per CA: two emulators' CAs in one bundle must not be confused by subject.
  const caSubject = [{ name: 'commonName', value: `trustpack emulator test CA ${randomBytes(4).toString('hex')}` }]
  caCert.setSubject(caSubject)
  caCert.setIssuer(caSubject)
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ])
  caCert.sign(ca.privateKey, forge.md.sha256.create())

  const leaf = rsaKeyPair()
  const cert = newCertificate(leaf.publicKey, notBefore, notAfter)
  cert.setSubject([{ name: 'commonName', value: hostnames[0] ?? 'localhost' }])
  cert.setIssuer(caSubject)
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [...hostnames.map((value) => ({ type: 2, value })), ...ips.map((ip) => ({ type: 7, ip }))],
    },
  ])
  cert.sign(ca.privateKey, forge.md.sha256.create())

  return {
    caPem: forge.pki.certificateToPem(caCert),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: leaf.privatePem,
  }
}
