// TLS: nng_tls_config from PEM, and self-signed certificates made in memory with Mbed TLS.
#include "tls.h"

#include <mbedtls/bignum.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>
#include <mbedtls/version.h>
#include <mbedtls/x509_crt.h>

#include <cstdio>
#include <ctime>
#include <vector>

#include "args.h"
#include "errors.h"
#include "module.h"

namespace mirai {

// --- configuration --------------------------------------------------------------------

Napi::Function TlsConfig::Init(Napi::Env env) {
  // A line per concern: certificates, peer checks, properties.
  return DefineClass(env, "TlsConfig", {
      InstanceMethod<&TlsConfig::SetCertKey>("setCertKey"), InstanceMethod<&TlsConfig::SetCaChain>("setCaChain"),
      InstanceMethod<&TlsConfig::SetAuthMode>("setAuthMode"),
      InstanceMethod<&TlsConfig::SetServerName>("setServerName"),
      InstanceAccessor<&TlsConfig::GetMode>("mode"),
  });
}

TlsConfig::TlsConfig(const Napi::CallbackInfo& info) : Wrapped<TlsConfig>(info) {
  Napi::Env env = info.Env();
  if (!info.IsConstructCall()) ThrowType(env, "TlsConfig must be called with new");
  mode_ = StringArg(info, 0, "mode");
  if (mode_ != "client" && mode_ != "server") ThrowType(env, "mode must be 'client' or 'server'");
  Check(env, nng_tls_config_alloc(&config_, mode_ == "client" ? NNG_TLS_MODE_CLIENT : NNG_TLS_MODE_SERVER));
}

// Endpoints hold their own reference: this only drops ours.
TlsConfig::~TlsConfig() {
  if (config_) nng_tls_config_free(config_);
}

nng_tls_config* TlsConfig::FromValue(Napi::Env env, Napi::Value value, const char* what) {
  return UnwrapAs<TlsConfig>(env, value, env.GetInstanceData<Module>()->tls_class, what, "a TlsConfig")->config_;
}

void TlsConfig::SetCertKey(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string cert = StringArg(info, 0, "cert");
  std::string key = StringArg(info, 1, "key");
  std::string pass = IsMissing(info[2]) ? std::string() : StringArg(info, 2, "password");
  Check(env, nng_tls_config_own_cert(config_, cert.c_str(), key.c_str(), pass.empty() ? nullptr : pass.c_str()));
}

void TlsConfig::SetCaChain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string ca = StringArg(info, 0, "ca");
  std::string crl = IsMissing(info[1]) ? std::string() : StringArg(info, 1, "crl");
  Check(env, nng_tls_config_ca_chain(config_, ca.c_str(), crl.empty() ? nullptr : crl.c_str()));
}

void TlsConfig::SetAuthMode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string mode = StringArg(info, 0, "mode");
  nng_tls_auth_mode value;
  if (mode == "none") value = NNG_TLS_AUTH_MODE_NONE;
  else if (mode == "optional") value = NNG_TLS_AUTH_MODE_OPTIONAL;
  else if (mode == "required") value = NNG_TLS_AUTH_MODE_REQUIRED;
  else ThrowType(env, "mode must be 'none', 'optional' or 'required'");
  Check(env, nng_tls_config_auth_mode(config_, value));
}

void TlsConfig::SetServerName(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Check(env, nng_tls_config_server_name(config_, StringArg(info, 0, "name").c_str()));
}

Napi::Value TlsConfig::GetMode(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), mode_); }

// --- certificate generation ---------------------------------------------------------

namespace {

struct CertificateRequest {
  std::string common_name = "localhost";
  int valid_days = 365;
  bool rsa = false;
  unsigned bits = 4096;
};

// Mbed TLS's contexts, freed together whatever path the generation takes.
struct MbedState {
  mbedtls_entropy_context entropy;
  mbedtls_ctr_drbg_context drbg;
  mbedtls_pk_context key;
  mbedtls_x509write_cert crt;
  mbedtls_mpi serial;
  MbedState() {
    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_pk_init(&key);
    mbedtls_x509write_crt_init(&crt);
    mbedtls_mpi_init(&serial);
  }
  ~MbedState() {
    mbedtls_mpi_free(&serial);
    mbedtls_x509write_crt_free(&crt);
    mbedtls_pk_free(&key);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
  }
};

std::string X509Time(std::time_t t) {
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[16];
  std::strftime(text, sizeof text, "%Y%m%d%H%M%S", &utc);
  return text;
}

std::string MbedError(const char* step, int rv) {
  return std::string("certificate generation failed at ") + step + " (Mbed TLS error -0x" +
         [rv] {
           char hex[16];
           std::snprintf(hex, sizeof hex, "%04x", static_cast<unsigned>(-rv));
           return std::string(hex);
         }() + ")";
}

class CertificateWorker : public Napi::AsyncWorker {
 public:
  CertificateWorker(Napi::Env env, CertificateRequest request)
      : Napi::AsyncWorker(env, "mirai.tls.cert"), deferred_(Napi::Promise::Deferred::New(env)),
        request_(std::move(request)) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    MbedState s;
    const char* step = "";
    int rv = Generate(s, &step);
    if (rv != 0) SetError(MbedError(step, rv));
  }

  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object result = Napi::Object::New(env);
    result.Set("cert", cert_);
    result.Set("key", key_);
    deferred_.Resolve(result);
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  int Generate(MbedState& s, const char** step) {
    static const char personal[] = "mirai self-signed certificate";
    int rv;
    *step = "seeding the random generator";
    if ((rv = mbedtls_ctr_drbg_seed(&s.drbg, mbedtls_entropy_func, &s.entropy,
                                    reinterpret_cast<const unsigned char*>(personal), sizeof personal - 1)))
      return rv;
    *step = "generating the key";
    if ((rv = MakeKey(s))) return rv;
    *step = "writing the certificate";
    if ((rv = Describe(s))) return rv;
    return WritePem(s, step);
  }

  int MakeKey(MbedState& s) {
    int rv = mbedtls_pk_setup(&s.key, mbedtls_pk_info_from_type(request_.rsa ? MBEDTLS_PK_RSA : MBEDTLS_PK_ECKEY));
    if (rv) return rv;
    if (request_.rsa) {
      return mbedtls_rsa_gen_key(mbedtls_pk_rsa(s.key), mbedtls_ctr_drbg_random, &s.drbg, request_.bits, 65537);
    }
    return mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(s.key), mbedtls_ctr_drbg_random, &s.drbg);
  }

  // A version 3, self-signed CA certificate for the common name, valid from a day ago.
  int Describe(MbedState& s) {
    std::string name = "CN=" + request_.common_name + ",O=mirai";
    std::time_t now = std::time(nullptr);
    int rv;
    mbedtls_x509write_crt_set_version(&s.crt, MBEDTLS_X509_CRT_VERSION_3);
    mbedtls_x509write_crt_set_md_alg(&s.crt, MBEDTLS_MD_SHA256);
    mbedtls_x509write_crt_set_subject_key(&s.crt, &s.key);
    mbedtls_x509write_crt_set_issuer_key(&s.crt, &s.key);
    if ((rv = mbedtls_x509write_crt_set_subject_name(&s.crt, name.c_str()))) return rv;
    if ((rv = mbedtls_x509write_crt_set_issuer_name(&s.crt, name.c_str()))) return rv;
    if ((rv = mbedtls_mpi_fill_random(&s.serial, 16, mbedtls_ctr_drbg_random, &s.drbg))) return rv;
    if ((rv = mbedtls_mpi_set_bit(&s.serial, 126, 1))) return rv;
    if ((rv = mbedtls_mpi_set_bit(&s.serial, 127, 0))) return rv;
    if ((rv = mbedtls_x509write_crt_set_serial(&s.crt, &s.serial))) return rv;
    std::string from = X509Time(now - 86400);
    std::string until = X509Time(now + static_cast<std::time_t>(request_.valid_days) * 86400);
    if ((rv = mbedtls_x509write_crt_set_validity(&s.crt, from.c_str(), until.c_str()))) return rv;
    if ((rv = mbedtls_x509write_crt_set_basic_constraints(&s.crt, 1, -1))) return rv;
    if ((rv = mbedtls_x509write_crt_set_subject_key_identifier(&s.crt))) return rv;
    return mbedtls_x509write_crt_set_authority_key_identifier(&s.crt);
  }

  int WritePem(MbedState& s, const char** step) {
    std::vector<unsigned char> buffer(16384);
    *step = "encoding the certificate";
    int rv = mbedtls_x509write_crt_pem(&s.crt, buffer.data(), buffer.size(), mbedtls_ctr_drbg_random, &s.drbg);
    if (rv) return rv;
    cert_ = reinterpret_cast<const char*>(buffer.data());
    std::fill(buffer.begin(), buffer.end(), 0);
    *step = "encoding the key";
    if ((rv = mbedtls_pk_write_key_pem(&s.key, buffer.data(), buffer.size()))) return rv;
    key_ = reinterpret_cast<const char*>(buffer.data());
    std::fill(buffer.begin(), buffer.end(), 0);  // the private key does not linger in freed memory
    return 0;
  }

  Napi::Promise::Deferred deferred_;
  CertificateRequest request_;
  std::string cert_;
  std::string key_;
};

// options[key], when given, into *out: a number from min to max (a fraction is cut off).
template <typename T>
void ReadNumber(Napi::Env env, Napi::Object options, const char* key, int min, int max, T* out) {
  Napi::Value value = options.Get(key);
  if (IsMissing(value)) return;
  std::string what = std::string("options.") + key;
  if (!value.IsNumber()) ThrowType(env, what + " must be a number");
  double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= min && number <= max)) {
    ThrowRange(env, what + " must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  *out = static_cast<T>(number);
}

CertificateRequest ReadRequest(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  CertificateRequest request;
  if (IsMissing(info[0])) return request;
  if (!info[0].IsObject()) ThrowType(env, "options must be an object");
  Napi::Object options = info[0].As<Napi::Object>();
  Napi::Value cn = options.Get("commonName");
  if (!IsMissing(cn)) {
    if (!cn.IsString() || cn.As<Napi::String>().Utf8Value().empty())
      ThrowType(env, "options.commonName must be a non-empty string");
    request.common_name = cn.As<Napi::String>().Utf8Value();
  }
  ReadNumber(env, options, "validDays", 1, 36500, &request.valid_days);
  Napi::Value type = options.Get("keyType");
  if (!IsMissing(type)) {
    std::string t = type.IsString() ? type.As<Napi::String>().Utf8Value() : "";
    if (t != "ec" && t != "rsa") ThrowType(env, "options.keyType must be 'ec' or 'rsa'");
    request.rsa = t == "rsa";
  }
  ReadNumber(env, options, "bits", 1024, 8192, &request.bits);
  return request;
}

}  // namespace

Napi::Value GenerateCertificate(const Napi::CallbackInfo& info) {
  CertificateWorker* worker = new CertificateWorker(info.Env(), ReadRequest(info));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

std::string MbedtlsVersion() { return MBEDTLS_VERSION_STRING; }

}  // namespace mirai
