// PEM on one line: a certificate that fits in one environment variable of one command line,
// for any shell, and back.

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** Each PEM block with its base64 on the header's line, spaces between. */
export function oneLinePem(pem: string): string {
  return [...pem.matchAll(BLOCK)].map(([, label, body]) => `-----BEGIN ${label}----- ${body.trim().split(/\s+/).join(' ')} -----END ${label}-----`).join(' ');
}

/** PEM as Mbed TLS reads it (64-character lines), from one-line or ordinary PEM. */
export function multiLinePem(text: string): string {
  return [...text.matchAll(BLOCK)]
    .map(([, label, body]) => {
      const base64 = body.replace(/\s+/g, '');
      const lines = base64.match(/.{1,64}/g) ?? [];
      return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
    })
    .join('');
}
