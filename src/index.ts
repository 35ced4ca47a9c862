// The package's public face: re-exports only.
export { NngSocket, NngContext, openSocket, tlsConfig } from './nng';
export type {
  DialOptions,
  ListenOptions,
  OperationOptions,
  SendOptions,
  SocketOptionName,
  SocketOptions,
  TlsOptions,
} from './nng';
export { isNngError, NNG } from './errors';
export type { NngError } from './errors';
export { parseUrl, isSecureUrl, SCHEMES } from './url';
export type { ParsedUrl, Scheme } from './url';
export { native } from './native';
export type {
  CertificateOptions,
  Cv,
  Dialer,
  GeneratedCertificate,
  Listener,
  PipeEvent,
  Protocol,
  SendData,
  TlsConfig,
} from './native';
