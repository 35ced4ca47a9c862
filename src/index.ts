// The package's public face: re-exports only.
export { mirai, Mirai, isMirai, callMirai, collectMirai, unresolved, stopMirai, unresolvedValue } from './mirai';
export type { MiraiOptions, MiraiFailure, MiraiCollection, MiraiGroup, UnresolvedValue } from './mirai';
export { daemons, withDaemons } from './daemons';
export type { DaemonsOptions } from './daemons';
export { daemon } from './daemon';
export type { DaemonOptions } from './daemon';
export { everywhere } from './everywhere';
export { miraiMap, MiraiMap } from './miraiMap';
export type { MiraiMapOptions, CollectOptions, MapResult } from './miraiMap';
export type { EverywhereOptions } from './everywhere';
export { status } from './status';
export type { Status, DaemonStatus } from './status';
export { launchLocal } from './launchers';
export { saisei } from './saisei';
export type { SaiseiOptions } from './saisei';
export { dispatcher } from './dispatcher';
export type { DispatcherOptions } from './dispatcher';
export type { LaunchOptions } from './launchers';
export { launchRemote } from './launchRemote';
export { remoteConfig, sshConfig, clusterConfig } from './remoteConfig';
export { makeCluster, stopCluster, MiraiCluster } from './cluster';
export type { ClusterOptions } from './cluster';
export type { RemoteConfig, RemoteConfigOptions, SshConfigOptions, ClusterConfigOptions, Scheduler, Shell } from './remoteConfig';
export { serialization } from './serial';
export type { SerializationConfig } from './serial';
export {
  ErrorValue,
  MiraiError,
  MiraiInterrupt,
  isErrorValue,
  isMiraiError,
  isMiraiInterrupt,
  isNngError,
  NNG,
} from './errors';
export type { NngError } from './errors';
export { hostUrl, localUrl, parseUrl, isSecureUrl, controlUrl, SCHEMES } from './url';
export type { HostUrlOptions, ParsedUrl, Scheme } from './url';
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
export { native } from './native';
export { generateCertificate } from './tls';
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
