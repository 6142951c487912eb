// Debian's OpenSSL libcrypto (package libssl-dev): SHA-256 for the pipeline cache
// and manifest. Installed by `make deps`.
#include <openssl/evp.h>
